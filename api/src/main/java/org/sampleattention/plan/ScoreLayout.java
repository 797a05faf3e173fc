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
}
