package org.sampleattention.opencl;

import java.util.function.IntToLongFunction;
import org.sampleattention.DType;
import org.sampleattention.spi.Switch;

/**
 * When the tensor-core kernels ({@code tensor_cores.cl}, {@code sampling_mma.cl}, {@code attention_mma.cl})
 * serve a call instead of the portable f32 ones: on an NVIDIA device of compute capability 8.0 or newer
 * (whose OpenCL compiler accepts the inline PTX they use for {@code mma.sync}), for f16 and bf16 inputs
 * and head dims that are multiples of 16 up to 128 (a warp keeps its query fragments and output
 * accumulators in registers). {@code -Dsampleattention.opencl.tensorCores=off} (read when an engine is
 * made) turns them off, to compare; a device whose compiler rejects them gets the portable kernels too,
 * after one warning in the log.
 */
final class TensorCorePath {
    static final String PROPERTY = "sampleattention.opencl.tensorCores";
    static final int MIN_COMPUTE_CAPABILITY = 80;
    static final int MAX_HEAD_DIM = 128;
    /** Query rows per work-group of both kernels: four warps of 16. */
    static final int ROWS = 64;
    static final int WORK_GROUP = 128;

    private TensorCorePath() {
    }

    /** Whether the path serves this device; reads the property (a typo is an error on every device). */
    static boolean enabledOn(ClDevice device) {
        return enabledOn(device, System.getProperty(PROPERTY));
    }

    /** As {@link #enabledOn(ClDevice)}, with the property's value given (null: not set). */
    static boolean enabledOn(ClDevice device, String property) {
        return Switch.on(PROPERTY, property) && device.nvidiaComputeCapability() >= MIN_COMPUTE_CAPABILITY;
    }

    static boolean covers(DType dtype, int headDim) {
        return (dtype == DType.F16 || dtype == DType.BF16) && headDim % 16 == 0 && headDim <= MAX_HEAD_DIM;
    }

    /** Keys per tile of the attention kernel: K and V tiles, two stages each, in the local memory. */
    static int attendKeyTile(long localMemBytes, int headDim) {
        return largestTile(localMemBytes, tile -> 2L * rowStride(headDim) * Math.max(4L * tile, ROWS)
                + 2L * Integer.BYTES * tile);
    }

    /**
     * Keys per tile of the sampling kernel: K tiles, two stages, and the column partial sums of its four
     * warps, two stages too (a tile's are added to global memory while the next tile computes).
     */
    static int sampleKeyTile(long localMemBytes, int headDim) {
        return largestTile(localMemBytes, tile -> 2L * rowStride(headDim) * Math.max(2L * tile, ROWS)
                + 2L * 4L * Float.BYTES * tile);
    }

    /** The largest of 64, 32 and 16 keys whose tiles take at most the local memory; 0 if none fits. */
    private static int largestTile(long localMemBytes, IntToLongFunction bytesForTile) {
        for (int tile = 64; tile >= 16; tile /= 2) {
            if (bytesForTile.applyAsLong(tile) <= localMemBytes) {
                return tile;
            }
        }
        return 0;
    }

    /** Elements per row of a local tile: 16 bytes of padding keep ldmatrix free of bank conflicts. */
    private static int rowStride(int headDim) {
        return headDim + 8;
    }
}
