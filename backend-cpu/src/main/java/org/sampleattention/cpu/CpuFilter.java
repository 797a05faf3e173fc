package org.sampleattention.cpu;

import java.util.Arrays;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Filter;

/**
 * The per-block coverage rule of DESIGN.md section 4, step 2, exactly as the reference
 * {@code BlockCoverageFilter} computes it (same sums in the same order, same tie-break), but with a
 * primitive sort and heads filtered in parallel: columns by descending total residual mass, the
 * shortest prefix with which every sampled block reaches {@code C0_b + sum R_b >= alpha * rows(b)};
 * dense below {@code minSparseLength} keys or above {@code denseFallbackDensity}.
 */
final class CpuFilter implements Filter {
    private final CpuEngine engine;

    CpuFilter(CpuEngine engine) {
        this.engine = engine;
    }

    @Override
    public SparsePlan filter(ColumnScores scores, SampleAttentionConfig config) {
        HostColumnScores host = scores.toHost();
        ScoreLayout layout = host.layout();
        MaskGeometry geometry = layout.geometry();
        if (geometry.keyLength() < config.minSparseLength()) {
            return SparsePlan.allDense(geometry, layout.qHeads(), layout.kvHeads());
        }
        HeadPlan[] heads = new HeadPlan[layout.qHeads()];
        ParallelLoop.run(engine.pool(), heads.length, h -> heads[h] = filterHead(host, h, config));
        return new SparsePlan(geometry, Arrays.asList(heads));
    }

    private static HeadPlan filterHead(HostColumnScores scores, int h, SampleAttentionConfig config) {
        ScoreLayout layout = scores.layout();
        SampleBlocks blocks = layout.blocks();
        MaskGeometry geometry = layout.geometry();
        int nk = layout.keyLength(), nb = blocks.count();
        int[] order = DescendingOrder.of(scores.totalResidual(h));
        float[] residual = scores.residualOf(h);
        double[] reached = new double[nb];
        double[] target = new double[nb];
        int unmet = 0;
        for (int b = 0; b < nb; b++) {
            reached[b] = scores.covered(h, b);
            target[b] = config.alpha() * blocks.rows(b);
            if (reached[b] < target[b]) {
                unmet++;
            }
        }
        int taken = 0;
        while (unmet > 0 && taken < nk) {
            int j = order[taken++];
            for (int b = 0; b < nb; b++) {
                boolean wasUnmet = reached[b] < target[b];
                reached[b] += residual[b * nk + j];
                if (wasUnmet && reached[b] >= target[b]) {
                    unmet--;
                }
            }
        }
        int[] columns = Arrays.copyOf(order, taken);
        Arrays.sort(columns);
        double coverage = 0;
        for (int b = 0; b < nb; b++) {
            coverage += reached[b];
        }
        coverage /= blocks.totalRows();
        int kvHead = layout.kvHeadOf(h);
        double density = (double) geometry.sparsePairs(columns) / geometry.densePairs();
        if (density > config.denseFallbackDensity()) {
            return HeadPlan.dense(h, kvHead, geometry.window(), 1.0);
        }
        return new HeadPlan(h, kvHead, false, geometry.window(), columns, coverage);
    }
}
