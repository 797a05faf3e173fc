package org.sampleattention.benchmarks;

import org.sampleattention.cpu.CpuBackend;
import org.sampleattention.select.BackendSelector;
import org.sampleattention.spi.AttentionBackend;

/**
 * Backends by benchmark parameter: any discovered backend by name, plus {@code cpu-scalar}, the cpu
 * backend forced onto its scalar kernels, so that one run pairs the SIMD and scalar paths.
 */
final class BenchmarkBackends {
    static final String CPU_SCALAR = "cpu-scalar";

    private BenchmarkBackends() {
    }

    static AttentionBackend byName(String name) {
        if (name.equals(CPU_SCALAR)) {
            return CpuBackend.scalar();
        }
        return BackendSelector.fromEnvironment().select(name);
    }
}
