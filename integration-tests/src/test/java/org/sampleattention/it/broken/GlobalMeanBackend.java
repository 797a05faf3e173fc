package org.sampleattention.it.broken;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Filter;

/**
 * Filters on the mean over all sampled rows instead of every block: the window's mass of the many
 * early rows hides a needle only the last queries look at (DESIGN.md section 4, step 2).
 */
final class GlobalMeanBackend extends BrokenBackend {
    GlobalMeanBackend() {
        super("broken-global-mean");
    }

    @Override
    Filter filter(AttentionEngine reference) {
        return (scores, config) -> {
            HostColumnScores s = scores.toHost();
            ScoreLayout layout = s.layout();
            if (layout.keyLength() < config.minSparseLength()) {
                return SparsePlan.allDense(layout.geometry(), layout.qHeads(), layout.kvHeads());
            }
            List<HeadPlan> heads = new ArrayList<>();
            for (int h = 0; h < layout.qHeads(); h++) {
                double[] total = s.totalResidual(h);
                double reached = 0;
                for (int b = 0; b < layout.blocks().count(); b++) {
                    reached += s.covered(h, b);
                }
                double target = config.alpha() * layout.blocks().totalRows();
                Integer[] order = new Integer[total.length];
                Arrays.setAll(order, j -> j);
                Arrays.sort(order, (a, b) -> Double.compare(total[b], total[a]));
                int taken = 0;
                while (reached < target && taken < order.length) {
                    reached += total[order[taken++]];
                }
                int[] columns = Arrays.stream(order, 0, taken).mapToInt(Integer::intValue).sorted().toArray();
                heads.add(new HeadPlan(h, layout.kvHeadOf(h), false, layout.geometry().window(), columns, Double.NaN));
            }
            return new SparsePlan(layout.geometry(), heads);
        };
    }
}
