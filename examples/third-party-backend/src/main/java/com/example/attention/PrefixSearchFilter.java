package com.example.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Filter;

/**
 * The per-block rule by binary search: each block's coverage grows with the prefix of columns taken
 * (residual masses are non-negative), so each block's shortest satisfying prefix is found by bisecting
 * its prefix sums, and the plan takes the longest of them.
 */
final class PrefixSearchFilter implements Filter {

    @Override
    public SparsePlan filter(ColumnScores columnScores, SampleAttentionConfig config) {
        HostColumnScores scores = columnScores.toHost();
        ScoreLayout layout = scores.layout();
        if (layout.keyLength() < config.minSparseLength()) {
            return SparsePlan.allDense(layout.geometry(), layout.qHeads(), layout.kvHeads());
        }
        List<HeadPlan> heads = new ArrayList<>();
        for (int h = 0; h < layout.qHeads(); h++) {
            heads.add(filterHead(scores, h, config));
        }
        return new SparsePlan(layout.geometry(), heads);
    }

    private static HeadPlan filterHead(HostColumnScores scores, int h, SampleAttentionConfig config) {
        ScoreLayout layout = scores.layout();
        int nk = layout.keyLength(), nb = layout.blocks().count();
        int[] order = byDescendingScore(scores.totalResidual(h));
        double[][] prefix = new double[nb][];
        int taken = 0;
        for (int b = 0; b < nb; b++) {
            prefix[b] = new double[nk + 1];
            prefix[b][0] = scores.covered(h, b);
            for (int t = 0; t < nk; t++) {
                prefix[b][t + 1] = prefix[b][t] + scores.residual(h, b, order[t]);
            }
            taken = Math.max(taken, firstReaching(prefix[b], config.alpha() * layout.blocks().rows(b)));
        }
        int[] columns = Arrays.copyOf(order, taken);
        Arrays.sort(columns);
        double reached = 0;
        for (int b = 0; b < nb; b++) {
            reached += prefix[b][taken];
        }
        return HeadPlan.fromColumns(layout, h, columns, reached / layout.blocks().totalRows(), config);
    }

    /** The smallest prefix length whose sum reaches the target, or every column if none does. */
    private static int firstReaching(double[] prefix, double target) {
        int lo = 0, hi = prefix.length - 1;
        if (prefix[hi] < target) {
            return hi;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefix[mid] >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static int[] byDescendingScore(double[] score) {
        return java.util.stream.IntStream.range(0, score.length).boxed()
                .sorted((a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }
}
