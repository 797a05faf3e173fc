package org.sampleattention.cuda;

import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Shape;
import org.sampleattention.Tensor;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Attention;

/**
 * Dense and sparse attention on the device (kernels in attention.cu): FlashAttention-style tiles with
 * an online softmax, on the tensor cores for f16 / bf16 at head dims 64, 96, 128 and 256 (wgmma kernels
 * from attention_sm90a.cu on Hopper at 64 and 128, see {@link HopperKernels}), on SIMT FMA tiles for
 * f32 at 64, 96, 128 and 256 ({@link F32Tiles}); other head dims run padded to the next of those
 * ({@link HeadDimPadding}), and on row-wise FMA kernels above 256. A sparse call gathers
 * each head's selected key and value rows once, then streams them ahead of the window's keys; each key
 * is visited once per query.
 */
final class CudaAttention implements Attention {
    private static final double LOG2E = 1.4426950408889634;

    private final CudaEngine engine;

    CudaAttention(CudaEngine engine) {
        this.engine = engine;
    }

    @Override
    public AttentionTensor dense(AttentionInput input, SampleAttentionConfig config) {
        checkHeadDim(input);
        return engine.call(() -> run(input, null, config));
    }

    @Override
    public AttentionTensor sparse(AttentionInput input, SparsePlan plan, SampleAttentionConfig config) {
        plan.requireFits(input, config);
        checkHeadDim(input);
        return engine.call(() -> run(input, PlanColumns.allDense(plan) ? null : plan, config));
    }

    static void checkHeadDim(AttentionInput input) {
        if (input.headDim() > CudaBackend.MAX_HEAD_DIM) {
            throw new IllegalArgumentException("head dim " + input.headDim() + " is not supported by the cuda backend"
                    + " (at most " + CudaBackend.MAX_HEAD_DIM + ")");
        }
    }

    private AttentionTensor run(AttentionInput input, SparsePlan plan, SampleAttentionConfig config) {
        DType dtype = input.dtype();
        int hq = input.qHeads(), nq = input.queryLength(), d = input.headDim(), runDim = engine.runDim(dtype, d);
        float scaleLog2 = (float) (config.scaleFor(d) * LOG2E); // the caller's head dim, whatever runDim is
        DeviceBuffer out;
        try (DeviceInputs given = DeviceInputs.of(engine, input, true);
             DeviceInputs in = given.widenedTo(engine, runDim)) {
            DeviceBuffer wide = attend(input, in, plan, config, runDim, scaleLog2);
            if (runDim == d) {
                out = wide;
            } else {
                try (wide) {
                    out = HeadDimPadding.narrow(engine, wide, runDim, d, (long) hq * nq, dtype);
                }
            }
        }
        CudaTensor result = new CudaTensor(out, dtype, Shape.of(hq, nq, d));
        result.markCheckedFinite();
        if (input.q() instanceof Tensor) {
            try (CudaTensor device = result) {
                return engine.downloadLocked(device);
            }
        }
        return result;
    }

    /** The attention output (q-heads x Nq x d) of inputs with rows of d elements, its kernels finished. */
    private DeviceBuffer attend(AttentionInput input, DeviceInputs in, SparsePlan plan, SampleAttentionConfig config,
                                int d, float scaleLog2) {
        CudaContext context = engine.context();
        int hq = input.qHeads(), nq = input.queryLength(), nk = input.keyLength();
        DType dtype = input.dtype();
        int window = plan == null ? 1 : plan.geometry().window();
        Shape shape = Shape.of(hq, nq, d);
        DeviceBuffer out = context.allocate(shape.elementCount() * dtype.byteSize(), "attention output " + shape);
        try (PlanColumns columns = plan == null ? null : PlanColumns.gather(engine, plan, in)) {
            KernelArgs args = new KernelArgs().ptr(in.q.buffer()).ptr(in.k.buffer()).ptr(in.v.buffer()).ptr(out);
            if (columns == null) {
                args.ptr(in.k.buffer()).ptr(in.v.buffer()).nullPtr().nullPtr().nullPtr();
            } else {
                args.ptr(columns.keys != null ? columns.keys : in.k.buffer())
                        .ptr(columns.values != null ? columns.values : in.v.buffer());
                if (columns.columns != null) {
                    args.ptr(columns.columns);
                } else {
                    args.nullPtr();
                }
                args.ptr(columns.offsets).ptr(columns.counts);
            }
            args.i32(hq).i32(input.kvHeads()).i32(nq).i32(nk);
            KernelModule hopper = engine.hopperAttentionKernels(dtype, d);
            if (hopper != null || TensorCoreShapes.supports(dtype, d) || F32Tiles.supports(dtype, d)) {
                args.i32(window).i32(config.causal() ? 1 : 0).f32(scaleLog2);
            }
            if (hopper != null) {
                int rows = HopperKernels.attentionRows(d);
                hopper.launch(HopperKernels.attentionKernel(dtype, d), (nq + rows - 1) / rows, hq,
                        HopperKernels.attentionThreads(d), HopperKernels.attentionSharedBytes(d), args);
            } else if (TensorCoreShapes.supports(dtype, d)) {
                int rows = TensorCoreShapes.attentionRows(d);
                int shared = (rows + 4 * TensorCoreShapes.TILE) * (d + 8) * 2 + 2 * TensorCoreShapes.TILE * 4;
                engine.attentionKernels().launch("attention_mma_" + DeviceInputs.suffix(dtype) + "_d" + d,
                        (nq + rows - 1) / rows, hq, 128, shared, args);
            } else if (F32Tiles.supports(dtype, d)) {
                engine.attentionKernels().launch(F32Tiles.attentionKernel(d),
                        (nq + F32Tiles.ATTENTION_ROWS - 1) / F32Tiles.ATTENTION_ROWS, hq,
                        F32Tiles.attentionThreads(d), F32Tiles.attentionSharedBytes(d), args);
            } else {
                args.i32(d).i32(window).i32(config.causal() ? 1 : 0).f32(scaleLog2);
                engine.attentionKernels().launch("attention_rowwise_" + DeviceInputs.suffix(dtype),
                        (nq + 3) / 4, hq, 128, 4 * d * 4, args);
            }
            context.synchronize();
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }
}
