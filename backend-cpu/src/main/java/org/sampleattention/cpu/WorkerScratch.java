package org.sampleattention.cpu;

/**
 * Per-thread {@link QueryTile}s, kept across calls and replaced only when the tile shape changes, so
 * the hot loops of every task reuse their thread's memory.
 */
final class WorkerScratch {
    /** Sampling's saved scores per thread, in floats: 64 MiB, 64 query rows against 256K keys. */
    static final long SAVED_SCORES = 16 << 20;
    private final TileKernels kernels;
    private final long maxSavedScores;
    private final ThreadLocal<QueryTile> tiles = new ThreadLocal<>();

    WorkerScratch(TileKernels kernels, long maxSavedScores) {
        this.kernels = kernels;
        this.maxSavedScores = maxSavedScores;
    }

    QueryTile tile(TileShape shape) {
        QueryTile tile = tiles.get();
        if (tile == null || !tile.shape.equals(shape)) {
            tile = new QueryTile(kernels, shape, maxSavedScores);
            tiles.set(tile);
        }
        return tile;
    }
}
