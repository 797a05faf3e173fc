package org.sampleattention.opencl;

import java.util.Optional;
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
                RowStatistics stats = new RowStatistics(rowMax, rowSum, stride);
                Optional<TensorCoreKernels> tensorCores = engine.tensorCoreKernelsFor(input.headDim(), input.dtype());
                if (tensorCores.isPresent()) {
                    onTensorCores(tensorCores.get(), in, config, geometry, scores, stats);
                } else {
                    portable(engine.kernelsFor(input.headDim()), in, config, geometry, scores, stats, scratch);
                }
                context.finish();
                return scores;
            } catch (RuntimeException e) {
                scores.close();
                throw e;
            }
        }
    }

    /** Per-row maxima and normalisers of the sampled rows, {@code stride} entries per (head, block). */
    private record RowStatistics(ClBuffer max, ClBuffer sum, int stride) {
    }

    private void portable(HeadDimKernels kernels, DeviceInput in, SampleAttentionConfig config, MaskGeometry geometry,
                          DeviceColumnScores scores, RowStatistics stats, Scratch scratch) {
        AttentionInput input = in.input;
        int nq = input.queryLength(), nk = input.keyLength(), hq = input.qHeads();
        int nb = scores.layout().blocks().count();
        int dtype = input.dtype().ordinal();
        float scale = (float) config.scaleFor(input.headDim());
        int causal = config.causal() ? 1 : 0;

        int rowGroup = kernels.rowStats.workGroup(ROW_GROUP);
        kernels.rowStats.args(in.q, in.k, dtype, nq, nk, input.groupSize(), scale, causal,
                        scores.blockStart, scores.blockEnd, stats.stride(), stats.max(), stats.sum())
                .launch(new long[] {ClKernel.roundUp(stats.stride(), rowGroup), nb, hq}, new long[] {rowGroup, 1, 1});

        int columnGroup = kernels.columnScores.workGroup(COLUMN_GROUP);
        int groups = (nk + columnGroup - 1) / columnGroup;
        ClBuffer partial = scratch.add(engine.context().allocate((long) hq * nb * groups * Float.BYTES,
                "covered-mass partial sums"));
        kernels.columnScores.args(in.q, in.k, dtype, nq, nk, input.groupSize(), scale, causal,
                        geometry.window(), scores.blockStart, scores.blockEnd, stats.stride(), stats.max(), stats.sum(),
                        scores.residual, partial, new LocalBytes((long) columnGroup * Float.BYTES))
                .launch(new long[] {(long) groups * columnGroup, nb, hq}, new long[] {columnGroup, 1, 1});

        kernels.reduceCovered.args(partial, groups, scores.covered).launch(new long[] {nb, hq}, null);
    }

    /** Both passes of sample_mma; pass 2 adds into the scores, so they start from zero. */
    private void onTensorCores(TensorCoreKernels kernels, DeviceInput in, SampleAttentionConfig config,
                               MaskGeometry geometry, DeviceColumnScores scores, RowStatistics stats) {
        AttentionInput input = in.input;
        int nq = input.queryLength(), nk = input.keyLength(), hq = input.qHeads();
        int nb = scores.layout().blocks().count();
        ClContext context = engine.context();
        context.zero(scores.residual, (long) hq * nb * nk * Float.BYTES);
        context.zero(scores.covered, (long) hq * nb * Float.BYTES);
        int tilesPerBlock = (stats.stride() + TensorCorePath.ROWS - 1) / TensorCorePath.ROWS;
        float scaleLog2 = (float) (config.scaleFor(input.headDim()) / Math.log(2));
        for (int pass = 1; pass <= 2; pass++) {
            kernels.sample.args(pass, in.q, in.k, nq, nk, input.groupSize(), scaleLog2, config.causal() ? 1 : 0,
                            geometry.window(), scores.blockStart, scores.blockEnd, stats.stride(), tilesPerBlock,
                            stats.max(), stats.sum(), scores.residual, scores.covered)
                    .launch(new long[] {(long) nb * tilesPerBlock * TensorCorePath.WORK_GROUP, hq},
                            new long[] {TensorCorePath.WORK_GROUP, 1});
        }
    }
}
