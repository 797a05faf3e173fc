"""The CPU ceiling for docs/benchmarks.md: OpenBLAS SGEMM through numpy, median GFLOP/s of n x n f32
products after warm-up, with the OpenBLAS kernel it ran (OPENBLAS_CORETYPE forces one; unset, OpenBLAS
picks the machine's best).

  python3 benchmarks/scripts/sgemm_peer.py [n] [repeats]"""
import sys, time, json
import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
a = np.random.default_rng(1).standard_normal((n, n), dtype=np.float32)
b = np.random.default_rng(2).standard_normal((n, n), dtype=np.float32)
a @ b
times = []
for _ in range(repeats):
    t = time.perf_counter(); a @ b; times.append(time.perf_counter() - t)
ms = sorted(times)[len(times) // 2] * 1e3

def openblas_kernel():
    """The kernel OpenBLAS chose, asked of the library numpy bundles (wheels name its symbols with a prefix)."""
    import ctypes, glob, os
    for lib in glob.glob(os.path.join(os.path.dirname(np.__file__), '..', 'numpy.libs', '*openblas*')):
        for symbol in ('scipy_openblas_get_corename64_', 'scipy_openblas_get_corename', 'openblas_get_corename'):
            f = getattr(ctypes.CDLL(lib), symbol, None)
            if f is not None:
                f.restype = ctypes.c_char_p
                return f().decode()
    return 'unknown'


info = openblas_kernel()
print(json.dumps({'numpy': np.__version__, 'n': n, 'medianMs': round(ms, 2), 'gflops': round(2 * n ** 3 / ms / 1e6, 1),
                  'blas': info}))
