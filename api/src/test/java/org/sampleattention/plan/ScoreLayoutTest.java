package org.sampleattention.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sampleattention.SampleAttentionConfig;

class ScoreLayoutTest {

    /** Pair by pair: the last column some row of the block sees outside its window ends the block's residual. */
    @ParameterizedTest
    @CsvSource({"1000, 1000, 0.05, 0.08, true", "300, 700, 0.1, 0.3, true", "4097, 4097, 0.02, 0.001, true",
            "200, 200, 0.5, 0.9, true", "50, 60, 1.0, 0.0, true", "300, 700, 0.1, 0.3, false", "40, 40, 1.0, 1.0, false"})
    void residualEndIsOnePastTheLastColumnABlockCanScore(int nq, int nk, double ratio, double window, boolean causal) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().sampleRatio(ratio).windowRatio(window)
                .causal(causal).build();
        MaskGeometry geometry = new MaskGeometry(nq, nk, config.windowFor(nk), causal);
        SampleBlocks blocks = SampleBlocks.of(nq, config);
        ScoreLayout layout = new ScoreLayout(2, 1, geometry, blocks);
        int[] ends = new int[blocks.count()];
        for (int b = 0; b < blocks.count(); b++) {
            int last = -1;
            for (int i = blocks.start(b); i < blocks.end(b); i++) {
                for (int j = 0; j < geometry.visibleEnd(i); j++) {
                    if (!geometry.inWindow(i, j)) {
                        last = Math.max(last, j);
                    }
                }
            }
            ends[b] = last + 1;
            assertEquals(last + 1, layout.residualEnd(b), "block " + b);
            assertTrue(b == 0 || ends[b] >= ends[b - 1], "non-decreasing");
        }
        assertArrayEquals(ends, layout.residualEnds());
    }
}
