package org.sampleattention.cpu;

/**
 * Per-thread {@link QueryTile}s, kept across calls and replaced only when the tile shape changes, so
 * the hot loops of every task reuse their thread's memory.
 */
final class WorkerScratch {
    /**
     * Sampling's saved scores per thread, all its tiles together, in floats: 64 MiB, 64 query rows
     * against 256K keys or four q-heads' 64 rows against 64K.
     */
    static final long SAVED_SCORES = 16 << 20;
    private final TileKernels kernels;
    private final long maxSavedScores;
    private final ThreadLocal<QueryTile[]> tiles = ThreadLocal.withInitial(() -> new QueryTile[0]);

    WorkerScratch(TileKernels kernels, long maxSavedScores) {
        this.kernels = kernels;
        this.maxSavedScores = maxSavedScores;
    }

    /** How many floats of sampling's kept exponentials each thread may hold, all its tiles together. */
    long maxSavedScores() {
        return maxSavedScores;
    }

    QueryTile tile(TileShape shape) {
        return tiles(shape, 1)[0];
    }

    /** At least {@code count} tiles of this shape (sampling holds one per q-head of a GQA group). */
    QueryTile[] tiles(TileShape shape, int count) {
        QueryTile[] mine = tiles.get();
        if (mine.length < count || !mine[0].shape.equals(shape)) {
            mine = new QueryTile[Math.max(count, mine.length)];
            for (int i = 0; i < mine.length; i++) {
                mine[i] = new QueryTile(kernels, shape, maxSavedScores);
            }
            tiles.set(mine);
        }
        return mine;
    }
}
