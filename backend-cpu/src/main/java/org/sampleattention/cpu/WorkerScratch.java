package org.sampleattention.cpu;

/**
 * Per-thread {@link QueryTile}s and bulk buffers, kept across calls and replaced only when the tile
 * shape changes or a larger buffer is needed, so the hot loops of every task reuse their thread's memory.
 */
final class WorkerScratch {
    /** Sampling's saved scores per thread, in floats: 64 MiB, 64 query rows against 256K keys. */
    static final long SAVED_SCORES = 16 << 20;
    private final TileKernels kernels;
    private final long maxSavedScores;
    private final ThreadLocal<QueryTile> tiles = new ThreadLocal<>();
    private final ThreadLocal<float[]> floats = new ThreadLocal<>();
    private final ThreadLocal<short[]> shorts = new ThreadLocal<>();

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

    /** This thread's float buffer of at least {@code size} elements. */
    float[] floats(int size) {
        float[] a = floats.get();
        if (a == null || a.length < size) {
            a = new float[size];
            floats.set(a);
        }
        return a;
    }

    /** This thread's short buffer of at least {@code size} elements. */
    short[] shorts(int size) {
        short[] a = shorts.get();
        if (a == null || a.length < size) {
            a = new short[size];
            shorts.set(a);
        }
        return a;
    }
}
