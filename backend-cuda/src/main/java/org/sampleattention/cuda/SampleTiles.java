package org.sampleattention.cuda;

import org.sampleattention.plan.SampleBlocks;

/**
 * The sampled rows cut into tiles of at most 64 consecutive rows of one block, as the sampling
 * kernels read them: four ints per tile {first query row, row count, block, index of the tile's first
 * row among all sampled rows}.
 */
final class SampleTiles {
    private SampleTiles() {
    }

    static int[] of(SampleBlocks blocks) {
        int count = 0;
        for (int b = 0; b < blocks.count(); b++) {
            count += (blocks.rows(b) + TensorCoreShapes.TILE - 1) / TensorCoreShapes.TILE;
        }
        int[] tiles = new int[4 * count];
        int t = 0, sampled = 0;
        for (int b = 0; b < blocks.count(); b++) {
            for (int start = blocks.start(b); start < blocks.end(b); start += TensorCoreShapes.TILE) {
                int rows = Math.min(TensorCoreShapes.TILE, blocks.end(b) - start);
                tiles[4 * t] = start;
                tiles[4 * t + 1] = rows;
                tiles[4 * t + 2] = b;
                tiles[4 * t + 3] = sampled;
                sampled += rows;
                t++;
            }
        }
        return tiles;
    }
}
