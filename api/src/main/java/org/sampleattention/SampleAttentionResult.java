package org.sampleattention;

import org.sampleattention.plan.SparsePlan;

/** The output of one SampleAttention call, the plan it ran and its statistics; closing frees the output. */
public record SampleAttentionResult(AttentionTensor output, SparsePlan plan, AttentionStats stats)
        implements AutoCloseable {

    @Override
    public void close() {
        output.close();
    }
}
