package org.sampleattention.cuda;

import java.util.Locale;
import org.sampleattention.DType;

/**
 * When attention runs on the Hopper kernels of attention_sm90a.cu (wgmma) instead of attention.cu's
 * mma.sync kernel: on a device of compute capability exactly 9.0 (PTX for sm_90a loads nowhere else),
 * for f16 and bf16 at head dims 64 and 128. {@code -Dsampleattention.cuda.hopper=off} keeps the mma.sync
 * kernel, to compare the two or to work around a driver that rejects the sm_90a PTX.
 */
final class HopperAttention {
    static final String PROPERTY = "sampleattention.cuda.hopper";
    static final String MODULE = "attention_sm90a.ptx";
    /** Keys per K/V block of the kernel (KEYS in attention_sm90a.cu). */
    private static final int KEYS = 64;
    /** Query rows per warpgroup. */
    private static final int ROWS_PER_GROUP = 64;

    private HopperAttention() {
    }

    static boolean enabledOn(DeviceInfo device) {
        return device.major() == 9 && device.minor() == 0 && !switchedOff(System.getProperty(PROPERTY));
    }

    static boolean switchedOff(String property) {
        if (property == null) {
            return false;
        }
        return switch (property.trim().toLowerCase(Locale.ROOT)) {
            case "off", "false", "no", "0" -> true;
            case "on", "true", "yes", "1", "auto", "" -> false;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + property + " is not understood: use on or off");
        };
    }

    static boolean covers(DType dtype, int headDim) {
        return dtype != DType.F32 && (headDim == 64 || headDim == 128);
    }

    /**
     * Warpgroups per CTA: each takes 64 query rows, and they share the K/V blocks in shared memory. At
     * d = 128 three measured 404 TF/s against 324 with two (H200, bf16, causal, 128K); d = 64 keeps two,
     * as tested, untimed.
     */
    static int warpgroups(int headDim) {
        return headDim == 128 ? 3 : 2;
    }

    static String kernel(DType dtype, int headDim) {
        return "attention_wgmma_" + DeviceInputs.suffix(dtype) + "_d" + headDim + "_wg" + warpgroups(headDim);
    }

    static int rows(int headDim) {
        return ROWS_PER_GROUP * warpgroups(headDim);
    }

    static int threads(int headDim) {
        return 128 * warpgroups(headDim);
    }

    /** Q blocks, two stages of K and V, two stages of key indices, and 1 KiB to align the swizzled tiles. */
    static int sharedBytes(int headDim) {
        int element = 2;
        return 1024 + rows(headDim) * headDim * element + 4 * KEYS * headDim * element + 2 * KEYS * Integer.BYTES;
    }
}
