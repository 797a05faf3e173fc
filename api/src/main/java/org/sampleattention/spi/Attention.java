package org.sampleattention.spi;

import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.SparsePlan;

/**
 * Stage 3, and the dense baseline. Both return {@code [Hq, Nq, d]} in the inputs' dtype, resident
 * where q is (host in, host out); the caller closes the result. The config supplies the scale and
 * whether masking is causal. Like every stage, a call returns a complete result: a device backend
 * synchronises before returning, so callers can time a call with a host clock.
 */
public interface Attention {
    /** Each query attends to every key it may see (all of them, or those up to its position when causal). */
    AttentionTensor dense(AttentionInput input, SampleAttentionConfig config);

    /** Each query attends exactly to its window plus the plan's columns, with an exact softmax. */
    AttentionTensor sparse(AttentionInput input, SparsePlan plan, SampleAttentionConfig config);
}
