package org.sampleattention.opencl;

/**
 * Work-group and local-memory tile sizes for one head dim, derived from the device's limits so that
 * the same kernels fit a 48 KiB GPU and a CPU runtime alike.
 *
 * @param keyTile       keys per tile of the row-statistics kernel (a K tile in f32)
 * @param rowTile       query rows per tile of the column-score kernel
 * @param attendRows    query rows per work-group of the attention kernel (two work-items per row)
 * @param attendKeyTile keys per tile of the attention kernel (K and V tiles and the halves' scores)
 */
record TileSizes(int keyTile, int rowTile, int attendRows, int attendKeyTile) {
    /** Upper bound on the sampling tiles: the kernels keep one value per tile entry in private memory. */
    static final int MAX_TILE = 64;
    /** Upper bound on the attention key tile, whose scores sit in registers next to half a query row. */
    static final int MAX_ATTEND_KEY_TILE = 32;
    /** Rows per attention work-group where the device allows it. */
    static final int ATTEND_ROWS = 64;
    /** Local memory left for the kernels' small arrays (key indices, reduction scratch). */
    private static final long RESERVED_BYTES = 2048;

    static TileSizes forDevice(ClDevice device, int headDim, int attendRows) {
        long budget = device.localMemBytes() - RESERVED_BYTES;
        long keyTile = floorPowerOfTwo(Math.min(MAX_TILE, budget / ((long) Float.BYTES * paddedDim(headDim))));
        long rowTile = floorPowerOfTwo(Math.min(MAX_TILE, budget / ((long) Float.BYTES * paddedDim(headDim) + 8)));
        long perAttendKey = (long) Float.BYTES * (2L * paddedDim(headDim) + 2L * attendRows);
        long attendKeyTile = floorPowerOfTwo(Math.min(MAX_ATTEND_KEY_TILE, budget / perAttendKey));
        if (keyTile < 1 || rowTile < 1 || attendKeyTile < 1) {
            throw new IllegalArgumentException("head dim " + headDim + " needs " + perAttendKey
                    + " bytes of local memory per key tile but " + device.name() + " has "
                    + device.localMemBytes() + " bytes");
        }
        return new TileSizes((int) keyTile, (int) rowTile, attendRows, (int) attendKeyTile);
    }

    /** Attention rows per work-group for a device: two work-items per row within its work-group limit. */
    static int attendRowsFor(ClDevice device) {
        return (int) Math.max(1, floorPowerOfTwo(Math.min(ATTEND_ROWS, device.maxWorkGroupSize() / 2)));
    }

    /** The head dim rounded up to whole float4s in each half of a row (rows in local memory use it). */
    static int paddedDim(int headDim) {
        return (headDim + 7) / 8 * 8;
    }

    String buildOptions(int headDim) {
        return "-DHEAD_DIM=" + headDim + " -DPADDED_DIM=" + paddedDim(headDim) + " -DKEY_TILE=" + keyTile
                + " -DROW_TILE=" + rowTile + " -DATTEND_ROWS=" + attendRows + " -DATTEND_KEY_TILE=" + attendKeyTile;
    }

    private static long floorPowerOfTwo(long n) {
        return n < 1 ? 0 : Long.highestOneBit(n);
    }
}
