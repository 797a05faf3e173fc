package org.sampleattention.opencl;

/**
 * Local-memory tile sizes for one head dim, derived from the device's local memory so that the same
 * kernels fit a 48 KiB GPU and a CPU runtime alike.
 *
 * @param keyTile keys per tile of the attention and row-statistics kernels (K and V tiles in f32)
 * @param rowTile query rows per tile of the column-score kernel
 */
record TileSizes(int keyTile, int rowTile) {
    /** Upper bound on both tiles: the kernels keep one score per tile key in private memory. */
    static final int MAX_TILE = 64;
    /** Local memory left for the kernels' small arrays (key indices, reduction scratch). */
    private static final long RESERVED_BYTES = 2048;

    static TileSizes forDevice(ClDevice device, int headDim) {
        long budget = device.localMemBytes() - RESERVED_BYTES;
        long keyTile = floorPowerOfTwo(Math.min(MAX_TILE, budget / (2L * Float.BYTES * headDim)));
        long rowTile = floorPowerOfTwo(Math.min(MAX_TILE, budget / ((long) Float.BYTES * headDim + 8)));
        if (keyTile < 1 || rowTile < 1) {
            throw new IllegalArgumentException("head dim " + headDim + " needs " + 2L * Float.BYTES * headDim
                    + " bytes of local memory per key tile but " + device.name() + " has "
                    + device.localMemBytes() + " bytes");
        }
        return new TileSizes((int) keyTile, (int) rowTile);
    }

    String buildOptions(int headDim) {
        return "-DHEAD_DIM=" + headDim + " -DKEY_TILE=" + keyTile + " -DROW_TILE=" + rowTile;
    }

    private static long floorPowerOfTwo(long n) {
        return n < 1 ? 0 : Long.highestOneBit(n);
    }
}
