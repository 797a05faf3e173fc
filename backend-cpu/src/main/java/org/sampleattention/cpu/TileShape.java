package org.sampleattention.cpu;

/**
 * The tile sizes of one call: head dim d, d padded to the kernels' lane count (zero-padded value
 * and output columns keep every vector loop free of tails), keys per tile and query rows per task.
 */
record TileShape(int d, int dp, int bk, int bq) {
    /** Keys per tile before rounding to lanes: 64 keys of d = 128 are 32 KiB of K, one L1/L2-resident tile. */
    static final int KEYS_PER_TILE = 64;
    /** Query rows per task: enough rows to amortise each loaded key tile, small enough to balance work. */
    static final int ROWS_PER_TASK = 64;

    static TileShape of(int headDim, TileKernels kernels) {
        int lanes = kernels.lanes();
        int dp = (headDim + lanes - 1) / lanes * lanes;
        int bk = (KEYS_PER_TILE + lanes - 1) / lanes * lanes;
        return new TileShape(headDim, dp, bk, ROWS_PER_TASK);
    }

    int tilesFor(int keys) {
        return (keys + bk - 1) / bk;
    }
}
