package org.sampleattention.plan;

import java.util.List;
import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;

/** The filter's output: one {@link HeadPlan} per q-head, for a fixed query and key length. */
public record SparsePlan(MaskGeometry geometry, List<HeadPlan> heads) {

    public SparsePlan {
        heads = List.copyOf(heads);
        for (int h = 0; h < heads.size(); h++) {
            HeadPlan p = heads.get(h);
            if (p.qHead() != h) {
                throw new IllegalArgumentException("plan head " + h + " is labelled q-head " + p.qHead());
            }
            if (p.window() != geometry.window()) {
                throw new IllegalArgumentException("head " + h + ": window " + p.window()
                        + " differs from the plan's window " + geometry.window());
            }
            int[] cols = p.columns();
            if (cols.length > 0 && (cols[0] < 0 || cols[cols.length - 1] >= geometry.keyLength())) {
                throw new IllegalArgumentException("head " + h + ": columns must lie in [0, "
                        + geometry.keyLength() + ")");
            }
        }
    }

    /** A plan that runs every head dense. */
    public static SparsePlan allDense(MaskGeometry geometry, int qHeads, int kvHeads) {
        int group = qHeads / kvHeads;
        HeadPlan[] heads = new HeadPlan[qHeads];
        for (int h = 0; h < qHeads; h++) {
            heads[h] = HeadPlan.dense(h, h / group, geometry.window(), Double.NaN);
        }
        return new SparsePlan(geometry, List.of(heads));
    }

    public HeadPlan head(int qHead) {
        return heads.get(qHead);
    }

    public int qHeads() {
        return heads.size();
    }

    /** Query-key pairs head h computes. */
    public long pairs(int qHead) {
        return heads.get(qHead).pairs(geometry);
    }

    /** Computed pairs over dense pairs for head h: 1 for a dense head. */
    public double density(int qHead) {
        return (double) pairs(qHead) / geometry.densePairs();
    }

    /** Computed pairs over dense pairs, all heads together. */
    public double density() {
        long computed = 0;
        for (int h = 0; h < heads.size(); h++) {
            computed += pairs(h);
        }
        return (double) computed / ((double) geometry.densePairs() * heads.size());
    }

    /** Rejects this plan, before any work starts, if it was made for another input or configuration. */
    public void requireFits(AttentionInput input, SampleAttentionConfig config) {
        if (geometry.queryLength() != input.queryLength() || geometry.keyLength() != input.keyLength()) {
            throw new IllegalArgumentException("plan is for Nq = " + geometry.queryLength() + ", Nk = "
                    + geometry.keyLength() + " but the input has Nq = " + input.queryLength() + ", Nk = "
                    + input.keyLength());
        }
        if (qHeads() != input.qHeads()) {
            throw new IllegalArgumentException("plan has " + qHeads() + " q-heads but the input has " + input.qHeads());
        }
        if (geometry.causal() != config.causal()) {
            throw new IllegalArgumentException("plan was made " + (geometry.causal() ? "causal" : "non-causal")
                    + " but the config is " + (config.causal() ? "causal" : "non-causal"));
        }
        for (int h = 0; h < qHeads(); h++) {
            if (head(h).kvHead() != input.kvHeadOf(h)) {
                throw new IllegalArgumentException("plan maps q-head " + h + " to kv-head " + head(h).kvHead()
                        + " but the input's grouping maps it to " + input.kvHeadOf(h));
            }
        }
    }
}
