package org.sampleattention.opencl;

import java.util.Locale;
import org.sampleattention.DType;

/**
 * When the tensor-core kernels ({@code tensor_cores.cl}, {@code sampling_mma.cl}, {@code attention_mma.cl})
 * serve a call instead of the portable f32 ones: on an NVIDIA device of compute capability 8.0 or newer
 * (whose OpenCL compiler accepts the inline PTX they use for {@code mma.sync}), for f16 and bf16 inputs
 * and head dims that are multiples of 16 up to 128 (a warp keeps its query fragments and output
 * accumulators in registers). {@code -Dsampleattention.opencl.tensorCores=off} turns them off, to compare
 * or to work around a driver that rejects them.
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

    static boolean enabledOn(ClDevice device) {
        return device.nvidiaComputeCapability() >= MIN_COMPUTE_CAPABILITY && !switchedOff(System.getProperty(PROPERTY));
    }

    static boolean switchedOff(String property) {
        if (property == null) {
            return false;
        }
        return switch (property.trim().toLowerCase(Locale.ROOT)) {
            case "off", "false", "no", "0" -> true;
            case "on", "true", "yes", "1", "auto", "" -> false;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + property
                    + " is not understood: use on or off");
        };
    }

    static boolean covers(DType dtype, int headDim) {
        return (dtype == DType.F16 || dtype == DType.BF16) && headDim % 16 == 0 && headDim <= MAX_HEAD_DIM;
    }

    /** Keys per tile of the attention kernel: K and V tiles, two stages each, in the local memory. */
    static int attendKeyTile(long localMemBytes, int headDim) {
        for (int tile = 64; tile >= 16; tile /= 2) {
            long bytes = 2L * rowStride(headDim) * Math.max(4L * tile, ROWS) + 2L * Integer.BYTES * tile;
            if (bytes <= localMemBytes) {
                return tile;
            }
        }
        return 0;
    }

    /** Keys per tile of the sampling kernel: K tiles, two stages, and the column partial sums. */
    static int sampleKeyTile(long localMemBytes, int headDim) {
        for (int tile = 64; tile >= 16; tile /= 2) {
            long bytes = 2L * rowStride(headDim) * Math.max(2L * tile, ROWS) + 4L * Float.BYTES * tile;
            if (bytes <= localMemBytes) {
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
