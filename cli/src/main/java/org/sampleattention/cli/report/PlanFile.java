package org.sampleattention.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;

/**
 * The {@code --plan} file: {@code {"nq", "nk", "heads": [{"qHead", "kvHead", "dense", "window",
 * "columns"}]}}, columns as ascending key indices.
 */
public record PlanFile(int nq, int nk, List<Head> heads) {

    public record Head(int qHead, int kvHead, boolean dense, int window, int[] columns) {
    }

    public static PlanFile of(SparsePlan plan) {
        List<Head> heads = new ArrayList<>(plan.qHeads());
        for (HeadPlan p : plan.heads()) {
            heads.add(new Head(p.qHead(), p.kvHead(), p.dense(), p.window(), p.columns()));
        }
        MaskGeometry g = plan.geometry();
        return new PlanFile(g.queryLength(), g.keyLength(), heads);
    }

    /**
     * The plan this file describes, for the given masking; every head must share one window. Bad
     * content fails with an {@link IllegalArgumentException} saying what is wrong.
     */
    public SparsePlan toPlan(boolean causal) {
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("plan has no heads");
        }
        int window = heads.getFirst().window();
        List<HeadPlan> plans = new ArrayList<>(heads.size());
        for (Head h : heads) {
            if (h.window() != window) {
                throw new IllegalArgumentException("plan head " + h.qHead() + " has window " + h.window()
                        + " but head " + heads.getFirst().qHead() + " has " + window + ": one window per plan");
            }
            plans.add(new HeadPlan(h.qHead(), h.kvHead(), h.dense(), h.window(), h.dense() ? new int[0] : h.columns(),
                    Double.NaN));
        }
        return new SparsePlan(new MaskGeometry(nq, nk, window, causal), plans);
    }
}
