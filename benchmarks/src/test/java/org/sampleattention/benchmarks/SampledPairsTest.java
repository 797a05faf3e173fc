package org.sampleattention.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;

class SampledPairsTest {

    /** Pair by pair: the keys each sampled row sees, and those of them outside its window. */
    @ParameterizedTest
    @CsvSource({"1000, 1000, 0.05, 0.08", "4097, 4097, 0.05, 0.08", "300, 700, 0.1, 0.3", "5000, 5000, 0.02, 0.001",
            "130, 130, 1.0, 0.5"})
    void countsTheKeysEachSampledRowSeesAndThoseOutsideItsWindow(int nq, int nk, double ratio, double window) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().sampleRatio(ratio).windowRatio(window).build();
        MaskGeometry geometry = new MaskGeometry(nq, nk, config.windowFor(nk), true);
        SampleBlocks blocks = SampleBlocks.of(nq, config);
        long seen = 0, outside = 0;
        for (int b = 0; b < blocks.count(); b++) {
            for (int i = blocks.start(b); i < blocks.end(b); i++) {
                for (int j = 0; j < nk; j++) {
                    if (j < geometry.visibleEnd(i)) {
                        seen++;
                        outside += geometry.inWindow(i, j) ? 0 : 1;
                    }
                }
            }
        }
        SampledPairs pairs = SampledPairs.of(geometry, blocks);
        assertEquals(seen, pairs.pass1());
        assertEquals(outside, pairs.pass2());
        assertEquals(geometry.densePairs(), pairs.causal());
    }
}
