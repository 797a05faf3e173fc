package org.sampleattention.spi;

import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.ColumnScores;

/** Stage 1: exact attention rows for the sampled queries, reduced to per-block column scores. */
public interface Sampler {
    /** Reads q and k of the input (v is ignored); the result is complete when this returns. */
    ColumnScores sample(AttentionInput input, SampleAttentionConfig config);
}
