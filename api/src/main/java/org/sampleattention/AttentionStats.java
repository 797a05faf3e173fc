package org.sampleattention;

import java.util.List;

/** What one SampleAttention call did: per-head plans and the time of each stage. */
public record AttentionStats(String backend, String device, long sampleNanos, long filterNanos, long attendNanos,
                             double density, List<HeadStats> perHead) {

    public AttentionStats {
        perHead = List.copyOf(perHead);
    }

    public long totalNanos() {
        return sampleNanos + filterNanos + attendNanos;
    }
}
