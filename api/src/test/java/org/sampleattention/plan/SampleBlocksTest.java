package org.sampleattention.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sampleattention.SampleAttentionConfig;

class SampleBlocksTest {

    @Test
    void shortSequencesAreSampledWholeInBlocksCutFromTheEnd() {
        // sampleRatio 1: nb = ceil(150 / 64) = 3 blocks, and 3 * 64 >= 150 rows
        SampleBlocks b = SampleBlocks.of(150, SampleAttentionConfig.builder().sampleRatio(1).build());
        assertEquals(3, b.count());
        assertEquals(0, b.start(0));
        assertEquals(22, b.end(0)); // the first block is the shorter one
        assertEquals(22, b.start(1));
        assertEquals(86, b.end(1));
        assertEquals(150, b.end(2));
        assertEquals(150, b.totalRows());
    }

    @Test
    void oneBlockSamplesTheLastRows() {
        SampleBlocks b = SampleBlocks.of(150, SampleAttentionConfig.defaults()); // nb = ceil(64 / 64) = 1
        assertEquals(1, b.count());
        assertEquals(86, b.start(0));
        assertEquals(150, b.end(0));
    }

    @Test
    void longSequencesSampleTheLastBlockOfEachSegment() {
        // Nq = 10000: nb = ceil(500 / 64) = 8 segments of 1250 rows; block t ends at ceil(t*1250) - 1
        SampleBlocks b = SampleBlocks.of(10_000, SampleAttentionConfig.defaults());
        assertEquals(8, b.count());
        for (int t = 1; t <= 8; t++) {
            assertEquals(t * 1250, b.end(t - 1));
            assertEquals(64, b.rows(t - 1));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 63, 64, 65, 1000, 1281, 4096, 32_771, 131_072})
    void blocksAreOrderedDisjointAndEndAtTheLastRow(int nq) {
        SampleAttentionConfig config = SampleAttentionConfig.defaults();
        SampleBlocks b = SampleBlocks.of(nq, config);
        assertEquals(nq, b.end(b.count() - 1), "the last block ends at the last row");
        for (int i = 0; i < b.count(); i++) {
            assertTrue(b.rows(i) >= 1 && b.rows(i) <= config.sampleBlock());
            assertTrue(b.start(i) >= 0);
            if (i > 0) {
                assertTrue(b.start(i) >= b.end(i - 1), "blocks do not overlap");
            }
        }
        assertTrue(b.totalRows() >= Math.min(nq, Math.ceil(config.sampleRatio() * nq) - config.sampleBlock()));
    }
}
