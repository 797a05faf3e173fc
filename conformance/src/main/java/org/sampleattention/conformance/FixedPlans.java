package org.sampleattention.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;

/**
 * Hand-built plans for criterion 2.1, so sparse attention is checked on exactly the masks named here
 * rather than on whatever a filter happens to choose: window only, window plus scattered columns (the
 * first and last key, keys inside windows, runs of neighbours), and dense heads mixed with sparse ones.
 */
public final class FixedPlans {
    public static final String WINDOW_ONLY = "window-only";
    public static final String COLUMNS = "columns";
    public static final String DENSE_HEADS = "dense-heads";

    private FixedPlans() {
    }

    public static SparsePlan build(String variant, AttentionInput input, SampleAttentionConfig config, long seed) {
        int nk = input.keyLength();
        MaskGeometry geometry = new MaskGeometry(input.queryLength(), nk, config.windowFor(nk), config.causal());
        List<HeadPlan> heads = new ArrayList<>();
        for (int h = 0; h < input.qHeads(); h++) {
            int g = input.kvHeadOf(h);
            heads.add(switch (variant) {
                case WINDOW_ONLY -> new HeadPlan(h, g, false, geometry.window(), new int[0], Double.NaN);
                case COLUMNS -> new HeadPlan(h, g, false, geometry.window(), scattered(nk, seed + h), Double.NaN);
                case DENSE_HEADS -> h % 2 == 0 ? HeadPlan.dense(h, g, geometry.window(), Double.NaN)
                        : new HeadPlan(h, g, false, geometry.window(), scattered(nk, seed + h), Double.NaN);
                default -> throw new IllegalArgumentException("unknown fixed plan '" + variant + "'");
            });
        }
        return new SparsePlan(geometry, heads);
    }

    /** About nk/6 columns: key 0, the last key, a run of neighbours, and random keys anywhere. */
    private static int[] scattered(int nk, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        java.util.BitSet chosen = new java.util.BitSet(nk);
        chosen.set(0);
        chosen.set(nk - 1);
        int run = random.nextInt(nk);
        chosen.set(run, Math.min(nk, run + 5));
        for (int t = 0; t < nk / 6; t++) {
            chosen.set(random.nextInt(nk));
        }
        return chosen.stream().toArray();
    }
}
