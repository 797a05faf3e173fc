package org.sampleattention.spi;

import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.SparsePlan;

/** Stage 2: the fewest columns that bring every sampled block's attention recall to alpha. */
public interface Filter {
    SparsePlan filter(ColumnScores scores, SampleAttentionConfig config);
}
