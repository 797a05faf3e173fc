package org.sampleattention.plan;

import org.sampleattention.SampleAttentionConfig;

/**
 * Which query rows are sampled (DESIGN.md section 4, step 1): {@code nb} blocks of
 * {@code sampleBlock} consecutive rows. When they would cover every row, all rows are sampled in
 * blocks cut from the end (the first one shorter); otherwise the rows are cut into nb equal segments
 * and the last {@code sampleBlock} rows of each are sampled, so the final block ends at the last row,
 * whose queries see every key.
 */
public final class SampleBlocks {
    private final int[] starts;
    private final int[] ends;

    private SampleBlocks(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    public static SampleBlocks of(int queryLength, SampleAttentionConfig config) {
        if (queryLength < 1) {
            throw new IllegalArgumentException("queryLength must be >= 1, got " + queryLength);
        }
        int block = config.sampleBlock();
        double wanted = Math.max(block, config.sampleRatio() * queryLength);
        long nb = (long) Math.ceil(wanted / block);
        if (nb * block >= queryLength) {
            int count = (queryLength + block - 1) / block;
            int[] starts = new int[count];
            int[] ends = new int[count];
            for (int t = 0; t < count; t++) {
                ends[count - 1 - t] = queryLength - t * block;
                starts[count - 1 - t] = Math.max(0, queryLength - (t + 1) * block);
            }
            return new SampleBlocks(starts, ends);
        }
        int count = (int) nb;
        int[] starts = new int[count];
        int[] ends = new int[count];
        for (int t = 1; t <= count; t++) {
            long last = (t * (long) queryLength + count - 1) / count - 1; // ceil(t * Nq / nb) - 1
            ends[t - 1] = (int) last + 1;
            starts[t - 1] = (int) last + 1 - block;
        }
        return new SampleBlocks(starts, ends);
    }

    public int count() {
        return starts.length;
    }

    /** First row of block b (inclusive). */
    public int start(int b) {
        return starts[b];
    }

    /** One past the last row of block b. */
    public int end(int b) {
        return ends[b];
    }

    public int rows(int b) {
        return ends[b] - starts[b];
    }

    public int totalRows() {
        int n = 0;
        for (int b = 0; b < count(); b++) {
            n += rows(b);
        }
        return n;
    }
}
