package org.sampleattention.it.broken;

import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Attention;
import org.sampleattention.spi.AttentionEngine;

/** Sparse attention over the selected columns only, forgetting the local window (keeps the diagonal so rows stay defined). */
final class WindowDroppingBackend extends BrokenBackend {
    WindowDroppingBackend() {
        super("broken-drops-window");
    }

    @Override
    Attention attention(AttentionEngine reference) {
        return new Attention() {
            @Override
            public AttentionTensor dense(AttentionInput input, SampleAttentionConfig config) {
                return reference.attention().dense(input, config);
            }

            @Override
            public AttentionTensor sparse(AttentionInput input, SparsePlan plan, SampleAttentionConfig config) {
                plan.requireFits(input, config);
                MaskGeometry g = plan.geometry();
                return RowAttention.attend(input, config, name(), (h, i, out) -> {
                    HeadPlan p = plan.head(h);
                    int n = 0;
                    if (p.dense()) {
                        for (int j = 0; j < g.visibleEnd(i); j++) {
                            out[n++] = j;
                        }
                        return n;
                    }
                    int diagonal = g.positionOf(i);
                    for (int j : p.columns()) {
                        if (j < diagonal && j < g.visibleEnd(i)) {
                            out[n++] = j;
                        }
                    }
                    out[n++] = diagonal;
                    return n;
                });
            }
        };
    }
}
