package org.sampleattention.opencl;

import java.util.Optional;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Shape;
import org.sampleattention.Tensor;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Attention;

/**
 * Dense and sparse attention with one tiled kernel: a sparse head first streams its selected K/V
 * columns, gathered once into contiguous buffers, then its window; a dense head streams every key it
 * sees. Two work-items share each query row (half of its dims each). The output is resident where q is.
 */
final class OpenClAttention implements Attention {
    private static final int DENSE = -1;
    /** Work-items copying one gathered row. */
    private static final int GATHER_GROUP = 32;

    private final OpenClEngine engine;

    OpenClAttention(OpenClEngine engine) {
        this.engine = engine;
    }

    @Override
    public AttentionTensor dense(AttentionInput input, SampleAttentionConfig config) {
        int[] counts = new int[input.qHeads()];
        java.util.Arrays.fill(counts, DENSE);
        return run(input, config, 1, counts, new int[0]);
    }

    @Override
    public AttentionTensor sparse(AttentionInput input, SparsePlan plan, SampleAttentionConfig config) {
        plan.requireFits(input, config);
        int hq = input.qHeads();
        int[] counts = new int[hq];
        long total = 0;
        for (int h = 0; h < hq; h++) {
            HeadPlan head = plan.head(h);
            counts[h] = head.dense() ? DENSE : head.columnCount();
            total += Math.max(0, counts[h]);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the plan selects " + total + " columns in all, too many to gather");
        }
        int[] columns = new int[(int) total];
        int at = 0;
        for (int h = 0; h < hq; h++) {
            if (counts[h] > 0) {
                int[] c = plan.head(h).columns();
                System.arraycopy(c, 0, columns, at, c.length);
                at += c.length;
            }
        }
        return run(input, config, plan.geometry().window(), counts, columns);
    }

    private AttentionTensor run(AttentionInput input, SampleAttentionConfig config, int window, int[] counts,
                                int[] columns) {
        synchronized (engine) {
            ClContext context = engine.context();
            int hq = input.qHeads(), nq = input.queryLength(), nk = input.keyLength(), d = input.headDim();
            int[] offsets = new int[hq];
            int maxCount = 0;
            for (int h = 0, at = 0; h < hq; h++) {
                offsets[h] = at;
                at += Math.max(0, counts[h]);
                maxCount = Math.max(maxCount, counts[h]);
            }
            Shape shape = Shape.of(hq, nq, d);
            try (DeviceInput in = DeviceInput.of(input, engine); Scratch scratch = new Scratch()) {
                Launch launch = new Launch(in, config, window, maxCount, columns.length,
                        scratch.add(context.upload(columns, "selected columns")),
                        scratch.add(context.upload(offsets, "column offsets")),
                        scratch.add(context.upload(counts, "column counts")));
                Optional<TensorCoreKernels> tensorCores = engine.tensorCoreKernelsFor(d, input.dtype());
                ClBuffer out = context.allocate(shape.elementCount() * input.dtype().byteSize(), "attention output "
                        + shape + " " + input.dtype());
                try {
                    if (tensorCores.isPresent()) {
                        onTensorCores(tensorCores.get(), launch, out, scratch);
                    } else {
                        portable(engine.kernelsFor(d), launch, out, scratch);
                    }
                    context.finish();
                    if (!in.queriesOnHost()) {
                        return new ClTensor(engine, out, input.dtype(), shape);
                    }
                    Tensor host = Tensor.allocate(input.dtype(), hq, nq, d);
                    try {
                        context.read(out, host.segment());
                    } catch (RuntimeException e) {
                        host.close();
                        throw e;
                    }
                    out.close();
                    return host;
                } catch (RuntimeException e) {
                    out.close();
                    throw e;
                }
            }
        }
    }

    /** What both kernel paths of one call need: the input on the device and the plan's columns. */
    private record Launch(DeviceInput in, SampleAttentionConfig config, int window, int maxCount, int columnCount,
                          ClBuffer columns, ClBuffer offsets, ClBuffer counts) {
    }

    /** Gathers the columns widened to f32, then runs the f32 kernel with two work-items per query row. */
    private void portable(HeadDimKernels kernels, Launch call, ClBuffer out, Scratch scratch) {
        AttentionInput input = call.in().input;
        int hq = input.qHeads(), nq = input.queryLength(), nk = input.keyLength(), d = input.headDim();
        ClContext context = engine.context();
        long gathered = (long) call.columnCount() * d * Float.BYTES;
        ClBuffer gk = scratch.add(context.allocate(gathered, "gathered key columns"));
        ClBuffer gv = scratch.add(context.allocate(gathered, "gathered value columns"));
        int dtype = input.dtype().ordinal();
        if (call.maxCount() > 0) {
            kernels.gatherColumns.args(call.in().k, call.in().v, dtype, nk, input.groupSize(), call.columns(),
                    call.offsets(), call.counts(), gk, gv).launch(new long[] {call.maxCount(), hq}, null);
        }
        int rows = kernels.tiles.attendRows();
        kernels.attend.args(call.in().q, call.in().k, call.in().v, dtype, out, nq, nk, input.groupSize(),
                        (float) call.config().scaleFor(d), call.config().causal() ? 1 : 0, call.window(),
                        call.columns(), call.offsets(), call.counts(), gk, gv)
                .launch(new long[] {2L * ((nq + rows - 1) / rows) * rows, hq}, new long[] {2L * rows, 1});
    }

    /** Gathers the columns as they are (16-bit), then runs attend_mma on 64 query rows per work-group. */
    private void onTensorCores(TensorCoreKernels kernels, Launch call, ClBuffer out, Scratch scratch) {
        AttentionInput input = call.in().input;
        int hq = input.qHeads(), nq = input.queryLength(), nk = input.keyLength(), d = input.headDim();
        ClContext context = engine.context();
        long gathered = (long) call.columnCount() * d * input.dtype().byteSize();
        ClBuffer gk = scratch.add(context.allocate(gathered, "gathered key columns"));
        ClBuffer gv = scratch.add(context.allocate(gathered, "gathered value columns"));
        if (call.maxCount() > 0) {
            kernels.gatherRows.args(call.in().k, call.in().v, nk, input.groupSize(), call.columns(), call.offsets(),
                    call.counts(), gk, gv).launch(new long[] {(long) call.maxCount() * GATHER_GROUP, hq},
                    new long[] {GATHER_GROUP, 1});
        }
        long groups = (nq + TensorCorePath.ROWS - 1) / TensorCorePath.ROWS;
        kernels.attend.args(call.in().q, call.in().k, call.in().v, out, nq, nk, input.groupSize(),
                        (float) (call.config().scaleFor(d) / Math.log(2)), call.config().causal() ? 1 : 0,
                        call.window(), call.columns(), call.offsets(), call.counts(), gk, gv)
                .launch(new long[] {groups * TensorCorePath.WORK_GROUP, hq}, new long[] {TensorCorePath.WORK_GROUP, 1});
    }
}
