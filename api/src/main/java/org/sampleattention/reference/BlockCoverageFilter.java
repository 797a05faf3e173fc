package org.sampleattention.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * Score-based filtering with the per-block rule (DESIGN.md section 4, step 2): columns by total
 * residual mass, descending (ties: lower index first); the shortest prefix with which every sampled
 * block reaches {@code C0_b + sum R_b >= alpha * rows(b)}, or every column if none does. A head whose
 * plan would compute more than {@code denseFallbackDensity} of the causal work runs dense, as does
 * every head below {@code minSparseLength} keys.
 *
 * <p>The rule is checked per block rather than on the global mean so that the window's mass cannot
 * hide a needle only the last queries look at.
 */
public final class BlockCoverageFilter implements Filter {

    @Override
    public SparsePlan filter(ColumnScores scores, SampleAttentionConfig config) {
        HostColumnScores host = scores.toHost();
        ScoreLayout layout = host.layout();
        MaskGeometry geometry = layout.geometry();
        if (geometry.keyLength() < config.minSparseLength()) {
            return SparsePlan.allDense(geometry, layout.qHeads(), layout.kvHeads());
        }
        List<HeadPlan> heads = new ArrayList<>(layout.qHeads());
        for (int h = 0; h < layout.qHeads(); h++) {
            heads.add(filterHead(host, h, config));
        }
        return new SparsePlan(geometry, heads);
    }

    /** One head's plan; heads are independent, so a backend may filter them in parallel. */
    public static HeadPlan filterHead(HostColumnScores scores, int h, SampleAttentionConfig config) {
        ScoreLayout layout = scores.layout();
        SampleBlocks blocks = layout.blocks();
        int nb = blocks.count(), nk = layout.keyLength();
        DescendingOrder order = new DescendingOrder(scores.totalResidual(h));

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
        int[] taken = new int[nk];
        int count = 0;
        while (unmet > 0 && order.hasNext()) {
            int j = order.next();
            taken[count++] = j;
            for (int b = 0; b < nb; b++) {
                boolean wasUnmet = reached[b] < target[b];
                reached[b] += scores.residual(h, b, j);
                if (wasUnmet && reached[b] >= target[b]) {
                    unmet--;
                }
            }
        }
        int[] columns = Arrays.copyOf(taken, count);
        Arrays.sort(columns);
        double coverage = 0;
        for (int b = 0; b < nb; b++) {
            coverage += reached[b];
        }
        coverage /= blocks.totalRows();
        return HeadPlan.fromColumns(layout, h, columns, coverage, config);
    }
}
