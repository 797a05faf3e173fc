package org.sampleattention.benchmarks;

import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;

/**
 * The query-key pairs the exact sampling of DESIGN.md section 4 must score, per q-head: pass 1 over every
 * key a sampled row sees (its shift and denominator need them all), pass 2 over the keys outside the row's
 * window (the window's mass is the rest of the row's, so a backend that recomputes q.k there may skip it).
 */
record SampledPairs(long pass1, long pass2, long causal) {

    static SampledPairs of(MaskGeometry geometry, SampleBlocks blocks) {
        long pass1 = 0, pass2 = 0;
        for (int b = 0; b < blocks.count(); b++) {
            for (int i = blocks.start(b); i < blocks.end(b); i++) {
                pass1 += geometry.visibleEnd(i);
                pass2 += geometry.visibleEnd(i) - (geometry.windowEnd(i) - geometry.windowStart(i));
            }
        }
        return new SampledPairs(pass1, pass2, geometry.densePairs());
    }
}
