package org.sampleattention.cpu;

import org.sampleattention.Tensor;

/**
 * Widens every kv-head's keys (and values) into {@link KeyTiles}, in parallel over chunks of tiles;
 * throws {@link NonFiniteValue} if one of them is a NaN or an infinity.
 */
final class HeadKeys {
    /** Tiles per task: big enough to amortise scheduling, small enough to spread two heads over many cores. */
    private static final int TILES_PER_TASK = 16;

    private HeadKeys() {
    }

    /** Every kv-head's keys (and values) on the engine's {@link KeyBuffers}; {@link #release} them after use. */
    static KeyTiles[] load(CpuEngine engine, TileShape shape, Tensor k, Tensor v, boolean withValues) {
        int heads = (int) k.shape().dim(0), length = (int) k.shape().dim(1);
        KeyTiles[] out = new KeyTiles[heads];
        for (int g = 0; g < heads; g++) {
            out[g] = KeyTiles.allocate(length, shape, withValues, engine.keyBuffers());
        }
        int chunks = (shape.tilesFor(length) + TILES_PER_TASK - 1) / TILES_PER_TASK;
        ParallelLoop.run(engine.pool(), heads * chunks, task -> {
            int g = task / chunks, chunk = task % chunks;
            int from = chunk * TILES_PER_TASK, to = Math.min(out[g].tiles, from + TILES_PER_TASK);
            WorkerScratch.Widening scratch = engine.scratch().widening(shape);
            out[g].fill(k, v, g, from, to, scratch.rows(), scratch.halves(), engine.kernels());
        });
        return out;
    }

    /** Hands the arrays of {@code runs} (null entries skipped) back to the engine's {@link KeyBuffers}. */
    static void release(CpuEngine engine, KeyTiles[] runs) {
        for (KeyTiles run : runs) {
            if (run != null) {
                run.release(engine.keyBuffers());
            }
        }
    }
}
