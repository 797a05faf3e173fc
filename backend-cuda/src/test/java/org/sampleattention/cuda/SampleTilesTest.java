package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.SampleBlocks;

class SampleTilesTest {

    @ParameterizedTest
    @CsvSource({"77,0.3,16", "300,0.3,100", "1000,1.0,64", "131072,0.05,64", "5,0.5,200"})
    void tilesCoverEverySampledRowOnceWithinItsBlock(int nq, double ratio, int block) {
        SampleBlocks blocks = SampleBlocks.of(nq, SampleAttentionConfig.builder().sampleRatio(ratio).sampleBlock(block).build());
        int[] tiles = SampleTiles.of(blocks);
        int sampled = 0;
        for (int t = 0; t < tiles.length / 4; t++) {
            int first = tiles[4 * t], rows = tiles[4 * t + 1], b = tiles[4 * t + 2];
            assertTrue(rows >= 1 && rows <= 64, "tile rows " + rows);
            assertTrue(first >= blocks.start(b) && first + rows <= blocks.end(b), "tile inside its block");
            assertEquals(sampled, tiles[4 * t + 3], "running index of the tile's first row");
            sampled += rows;
        }
        assertEquals(blocks.totalRows(), sampled);
    }
}
