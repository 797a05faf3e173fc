package org.sampleattention.plan;

import java.util.Arrays;
import org.sampleattention.SampleAttentionConfig;

/**
 * One q-head's plan: dense, or its window plus ascending selected key columns.
 *
 * @param estimatedCoverage mean attention recall of the sampled rows under this plan (from the
 *                          sampling stage), or NaN when the plan was not made from samples
 */
public record HeadPlan(int qHead, int kvHead, boolean dense, int window, int[] columns, double estimatedCoverage) {

    public HeadPlan {
        columns = columns.clone();
        for (int i = 1; i < columns.length; i++) {
            if (columns[i] <= columns[i - 1]) {
                throw new IllegalArgumentException("head " + qHead + ": columns must be strictly ascending, got "
                        + columns[i - 1] + " then " + columns[i]);
            }
        }
        if (window < 1) {
            throw new IllegalArgumentException("head " + qHead + ": window must be >= 1, got " + window);
        }
    }

    public static HeadPlan dense(int qHead, int kvHead, int window, double estimatedCoverage) {
        return new HeadPlan(qHead, kvHead, true, window, new int[0], estimatedCoverage);
    }

    /**
     * The plan of q-head {@code qHead} with the filter's ascending {@code columns}, or dense (coverage 1)
     * when it would compute more than the configuration's {@code denseFallbackDensity} of the dense work
     * (DESIGN.md section 4, step 2): the rule every filter applies last.
     */
    public static HeadPlan fromColumns(ScoreLayout layout, int qHead, int[] columns, double estimatedCoverage,
                                       SampleAttentionConfig config) {
        MaskGeometry geometry = layout.geometry();
        int kvHead = layout.kvHeadOf(qHead);
        if ((double) geometry.sparsePairs(columns) / geometry.densePairs() > config.denseFallbackDensity()) {
            return dense(qHead, kvHead, geometry.window(), 1.0);
        }
        return new HeadPlan(qHead, kvHead, false, geometry.window(), columns, estimatedCoverage);
    }

    /** The selected columns (a copy). */
    @Override
    public int[] columns() {
        return columns.clone();
    }

    public int columnCount() {
        return columns.length;
    }

    /** Query-key pairs this head computes under the geometry (without copying its columns). */
    public long pairs(MaskGeometry geometry) {
        return dense ? geometry.densePairs() : geometry.sparsePairs(columns);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadPlan p && qHead == p.qHead && kvHead == p.kvHead && dense == p.dense
                && window == p.window && Arrays.equals(columns, p.columns)
                && Double.compare(estimatedCoverage, p.estimatedCoverage) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(columns) * 31 + qHead;
    }

    @Override
    public String toString() {
        return "HeadPlan{qHead=" + qHead + ", kvHead=" + kvHead + (dense ? ", dense" : ", window=" + window
                + ", columns=" + columns.length) + "}";
    }
}
