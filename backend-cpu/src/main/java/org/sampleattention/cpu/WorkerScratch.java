package org.sampleattention.cpu;

/**
 * Per-thread {@link QueryTile}s, kept across calls and replaced only when the tile shape changes, so
 * the hot loops of every task reuse their thread's buffers.
 */
final class WorkerScratch {
    private final TileKernels kernels;
    private final ThreadLocal<QueryTile> tiles = new ThreadLocal<>();

    WorkerScratch(TileKernels kernels) {
        this.kernels = kernels;
    }

    QueryTile tile(TileShape shape) {
        QueryTile tile = tiles.get();
        if (tile == null || !tile.shape.equals(shape)) {
            tile = new QueryTile(kernels, shape);
            tiles.set(tile);
        }
        return tile;
    }
}
