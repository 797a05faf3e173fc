package org.sampleattention.opencl;

import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.opencl.ClKernel.LocalBytes;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.spi.Sampler;

/**
 * Sampling on the device: row statistics, then per-block column scores reduced in the kernel, so no
 * probability row is stored. The scores stay on the device for the filter.
 */
final class OpenClSampler implements Sampler {
    private static final int ROW_GROUP = 64;
    private static final int COLUMN_GROUP = 128;

    private final OpenClEngine engine;

    OpenClSampler(OpenClEngine engine) {
        this.engine = engine;
    }

    @Override
    public ColumnScores sample(AttentionInput input, SampleAttentionConfig config) {
        synchronized (engine) {
            HeadDimKernels kernels = engine.kernelsFor(input.headDim());
            int nq = input.queryLength(), nk = input.keyLength(), hq = input.qHeads();
            MaskGeometry geometry = new MaskGeometry(nq, nk, config.windowFor(nk), config.causal());
            SampleBlocks blocks = SampleBlocks.of(nq, config);
            ScoreLayout layout = new ScoreLayout(hq, input.kvHeads(), geometry, blocks);
            int nb = blocks.count();
            int stride = 0;
            for (int b = 0; b < nb; b++) {
                stride = Math.max(stride, blocks.rows(b));
            }
            ClContext context = engine.context();
            DeviceColumnScores scores = DeviceColumnScores.allocate(engine, layout);
            try (DeviceInput in = DeviceInput.queriesAndKeys(input, engine); Scratch scratch = new Scratch()) {
                long rows = (long) hq * nb * stride;
                ClBuffer rowMax = scratch.add(context.allocate(rows * Float.BYTES, "sampled row maxima"));
                ClBuffer rowSum = scratch.add(context.allocate(rows * Float.BYTES, "sampled row sums"));
                int dtype = input.dtype().ordinal();
                float scale = (float) config.scaleFor(input.headDim());
                int causal = config.causal() ? 1 : 0;

                int rowGroup = kernels.rowStats.workGroup(ROW_GROUP);
                kernels.rowStats.args(in.q, in.k, dtype, nq, nk, input.groupSize(), scale, causal,
                                scores.blockStart, scores.blockEnd, stride, rowMax, rowSum)
                        .launch(new long[] {ClKernel.roundUp(stride, rowGroup), nb, hq}, new long[] {rowGroup, 1, 1});

                int columnGroup = kernels.columnScores.workGroup(COLUMN_GROUP);
                int groups = (nk + columnGroup - 1) / columnGroup;
                ClBuffer partial = scratch.add(context.allocate((long) hq * nb * groups * Float.BYTES,
                        "covered-mass partial sums"));
                kernels.columnScores.args(in.q, in.k, dtype, nq, nk, input.groupSize(), scale, causal,
                                geometry.window(), scores.blockStart, scores.blockEnd, stride, rowMax, rowSum,
                                scores.residual, partial, new LocalBytes((long) columnGroup * Float.BYTES))
                        .launch(new long[] {(long) groups * columnGroup, nb, hq}, new long[] {columnGroup, 1, 1});

                kernels.reduceCovered.args(partial, groups, scores.covered).launch(new long[] {nb, hq}, null);
                context.finish();
                return scores;
            } catch (RuntimeException e) {
                scores.close();
                throw e;
            }
        }
    }
}
