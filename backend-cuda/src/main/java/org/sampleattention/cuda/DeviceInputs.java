package org.sampleattention.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

/**
 * The device tensors of an attention input: the engine's own device tensors as they are, host tensors
 * uploaded for the call (and freed by {@link #close()}). Each tensor is checked once for NaN and
 * infinity on the device, since one such value silently poisons every softmax it reaches.
 */
final class DeviceInputs implements AutoCloseable {
    final CudaTensor q;
    final CudaTensor k;
    final CudaTensor v;
    private final List<CudaTensor> temporaries;

    private DeviceInputs(CudaTensor q, CudaTensor k, CudaTensor v, List<CudaTensor> temporaries) {
        this.q = q;
        this.k = k;
        this.v = v;
        this.temporaries = temporaries;
    }

    /** Call with the engine held; {@code withValues} false leaves v alone (sampling reads q and k). */
    static DeviceInputs of(CudaEngine engine, AttentionInput input, boolean withValues) {
        List<CudaTensor> temporaries = new ArrayList<>();
        try {
            CudaTensor q = resolve(engine, input.q(), "q", temporaries);
            CudaTensor k = resolve(engine, input.k(), "k", temporaries);
            CudaTensor v = withValues ? resolve(engine, input.v(), "v", temporaries) : null;
            return new DeviceInputs(q, k, v, temporaries);
        } catch (RuntimeException e) {
            temporaries.forEach(CudaTensor::close);
            throw e;
        }
    }

    /**
     * These inputs with rows of {@code headDim} elements: zero-padded copies (see {@link HeadDimPadding}),
     * freed by the returned object's {@link #close()}, or these tensors themselves (closing frees nothing)
     * when they have that head dim already.
     */
    DeviceInputs widenedTo(CudaEngine engine, int headDim) {
        if (q.shape().dim(2) == headDim) {
            return new DeviceInputs(q, k, v, List.of());
        }
        List<CudaTensor> copies = new ArrayList<>();
        try {
            CudaTensor wideQ = widened(engine, q, headDim, copies);
            CudaTensor wideK = widened(engine, k, headDim, copies);
            CudaTensor wideV = v == null ? null : widened(engine, v, headDim, copies);
            return new DeviceInputs(wideQ, wideK, wideV, copies);
        } catch (RuntimeException e) {
            copies.forEach(CudaTensor::close);
            throw e;
        }
    }

    private static CudaTensor widened(CudaEngine engine, CudaTensor t, int headDim, List<CudaTensor> copies) {
        CudaTensor wide = HeadDimPadding.widen(engine, t, headDim);
        copies.add(wide);
        return wide;
    }

    private static CudaTensor resolve(CudaEngine engine, AttentionTensor t, String name, List<CudaTensor> temporaries) {
        CudaTensor device;
        if (t instanceof Tensor host) {
            device = engine.uploadLocked(host);
            temporaries.add(device);
        } else {
            device = engine.owned(t, name);
        }
        requireFinite(engine, device, name);
        return device;
    }

    private static void requireFinite(CudaEngine engine, CudaTensor t, String name) {
        if (t.checkedFinite()) {
            return;
        }
        CudaContext context = engine.context();
        long n = t.shape().elementCount();
        long[] first = {-1};
        if (n > 0) {
            try (DeviceBuffer result = context.allocate(8, "finite-value check")) {
                cuMemsetD8Async(result.pointer(), (byte) 0xff, 8, context.stream());
                long grid = Math.min((n + 255) / 256, 4L * context.info().multiprocessors() * 8);
                engine.checkKernels().launch("first_nonfinite_" + suffix(t.dtype()), grid, 1, 256, 0,
                        new KernelArgs().ptr(t.buffer()).i64(n).ptr(result));
                context.synchronize();
                cuMemcpyDtoH(Pointer.to(first), result.pointer(), 8);
            }
        }
        if (first[0] >= 0) {
            long d = t.shape().dim(2), tokens = t.shape().dim(1), at = first[0];
            throw new IllegalArgumentException(name + " holds a non-finite value (NaN or infinity) at [head "
                    + at / (tokens * d) + ", token " + (at / d) % tokens + ", dim " + at % d + "]");
        }
        t.markCheckedFinite();
    }

    static String suffix(DType dtype) {
        return switch (dtype) {
            case F32 -> "f32";
            case F16 -> "f16";
            case BF16 -> "bf16";
        };
    }

    @Override
    public void close() {
        temporaries.forEach(CudaTensor::close);
    }
}
