package org.sampleattention.conformance;

import java.util.stream.IntStream;

/**
 * Which heads and rows a case checks. Up to 4096 query rows and 16 heads: all of them. Longer
 * inputs, where the kit's scalar f64 oracle would take minutes per head: about 192 rows (a stride
 * plus the last 64) on at most four heads, always including every needle head and the last head.
 */
record CaseScope(int[] heads, int[] rows, boolean complete) {
    static final int FULL_ROWS = 4096;
    static final int FULL_HEADS = 16;

    static CaseScope of(WorkloadSpec spec, Workload workload) {
        if (spec.queryLength() <= FULL_ROWS && spec.qHeads() <= FULL_HEADS) {
            return new CaseScope(IntStream.range(0, spec.qHeads()).toArray(),
                    IntStream.range(0, spec.queryLength()).toArray(), true);
        }
        int hq = spec.qHeads();
        int[] heads = IntStream.concat(IntStream.of(0, 1, hq / 2, hq - 1), IntStream.of(workload.needleHeads()))
                .filter(h -> h < hq).distinct().sorted().limit(6).toArray();
        return new CaseScope(heads, EvaluationRows.choose(spec.queryLength(), 128), false);
    }

    /** Rows for near-lossless measurements: a stride of about 512 (all when short) plus the last 64. */
    static int rowBudget(WorkloadSpec spec) {
        return spec.queryLength() <= FULL_ROWS ? 512 : 128;
    }

    @Override
    public String toString() {
        return complete ? "every row of " + heads.length + " head(s)"
                : rows.length + " sampled rows of heads " + java.util.Arrays.toString(heads);
    }
}
