package org.sampleattention.plan;

/** The dimensions shared by column scores and the plan made from them. */
public record ScoreLayout(int qHeads, int kvHeads, MaskGeometry geometry, SampleBlocks blocks) {

    public ScoreLayout {
        if (qHeads < 1 || kvHeads < 1 || qHeads % kvHeads != 0) {
            throw new IllegalArgumentException("q heads (" + qHeads + ") must be a positive multiple of kv heads ("
                    + kvHeads + ")");
        }
    }

    public int keyLength() {
        return geometry.keyLength();
    }

    public int queryLength() {
        return geometry.queryLength();
    }

    public int kvHeadOf(int qHead) {
        return qHead / (qHeads / kvHeads);
    }

    /**
     * One past the last column at which block b's residual scores can be non-zero: a row's residual
     * counts only the keys it sees outside its window, so under causal masking every column from the
     * window start of the block's last row on is zero. Filters may skip those columns.
     */
    public int residualEnd(int b) {
        return geometry.causal() ? geometry.windowStart(blocks.end(b) - 1) : geometry.keyLength();
    }

    /** {@link #residualEnd} of every block, in block order (non-decreasing). */
    public int[] residualEnds() {
        int[] ends = new int[blocks.count()];
        for (int b = 0; b < ends.length; b++) {
            ends[b] = residualEnd(b);
        }
        return ends;
    }
}
