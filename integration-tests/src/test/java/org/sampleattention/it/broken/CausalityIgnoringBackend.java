package org.sampleattention.it.broken;

import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Attention;
import org.sampleattention.spi.AttentionEngine;

/** Dense attention that lets every query see every key, future ones included. */
final class CausalityIgnoringBackend extends BrokenBackend {
    CausalityIgnoringBackend() {
        super("broken-ignores-causality");
    }

    @Override
    Attention attention(AttentionEngine reference) {
        return new Attention() {
            @Override
            public AttentionTensor dense(AttentionInput input, SampleAttentionConfig config) {
                return reference.attention().dense(input, config.toBuilder().causal(false).build());
            }

            @Override
            public AttentionTensor sparse(AttentionInput input, SparsePlan plan, SampleAttentionConfig config) {
                return reference.attention().sparse(input, plan, config);
            }
        };
    }
}
