package org.sampleattention.it.broken;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Filter;

/** Ignores the samples: every head keeps every 64th key, a fixed budget in the style of static sparse patterns. */
final class StrideColumnsBackend extends BrokenBackend {
    static final int STRIDE = 64;

    StrideColumnsBackend() {
        super("broken-stride-columns");
    }

    @Override
    Filter filter(AttentionEngine reference) {
        return (scores, config) -> {
            ScoreLayout layout = scores.layout();
            int[] columns = IntStream.iterate(0, j -> j < layout.keyLength(), j -> j + STRIDE).toArray();
            List<HeadPlan> heads = new ArrayList<>();
            for (int h = 0; h < layout.qHeads(); h++) {
                heads.add(new HeadPlan(h, layout.kvHeadOf(h), false, layout.geometry().window(), columns, Double.NaN));
            }
            return new SparsePlan(layout.geometry(), heads);
        };
    }
}
