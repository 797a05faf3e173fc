package org.sampleattention.cuda;

import org.sampleattention.DType;
import org.sampleattention.spi.Switch;

/**
 * When attention and sampling run on the Hopper kernels (attention_sm90a.cu, sampling_sm90a.cu: wgmma)
 * instead of the mma.sync kernels of attention.cu and sampling.cu: on a device of compute capability
 * exactly 9.0 (PTX for sm_90a loads nowhere else), for f16 and bf16 at head dims 64 and 128.
 * {@code -Dsampleattention.cuda.hopper=off} (read when an engine is made) keeps the mma.sync kernels, to
 * compare the two; a driver that rejects the sm_90a PTX gets them too, after one warning in the log.
 */
final class HopperKernels {
    static final String PROPERTY = "sampleattention.cuda.hopper";
    static final String ATTENTION_MODULE = "attention_sm90a.ptx";
    static final String SAMPLING_MODULE = "sampling_sm90a.ptx";
    /** Keys per K/V block of both kernels (KEYS in the .cu files). */
    private static final int KEYS = 64;
    /** Query rows per warpgroup; a sampling tile (64 sampled rows) is one warpgroup's. */
    private static final int ROWS_PER_GROUP = 64;
    private static final int ELEMENT_BYTES = 2;
    private static final int ALIGNMENT_SLACK = 1024;

    private HopperKernels() {
    }

    /** Whether an engine on this device uses the Hopper kernels; reads the property (a typo is an error). */
    static boolean enabledOn(DeviceInfo device) {
        return enabledOn(device, System.getProperty(PROPERTY));
    }

    /** As {@link #enabledOn(DeviceInfo)}, with the property's value given (null: not set). */
    static boolean enabledOn(DeviceInfo device, String property) {
        return Switch.on(PROPERTY, property) && device.major() == 9 && device.minor() == 0;
    }

    static boolean covers(DType dtype, int headDim) {
        return (dtype == DType.F16 || dtype == DType.BF16) && (headDim == 64 || headDim == 128);
    }

    /**
     * Warpgroups per CTA: each takes 64 query rows, and they share the K/V blocks in shared memory. At
     * d = 128 three measured 404 TF/s against 324 with two (H200, bf16, causal, 128K); d = 64 keeps two,
     * as tested, untimed.
     */
    static int warpgroups(int headDim) {
        return headDim == 128 ? 3 : 2;
    }

    static String attentionKernel(DType dtype, int headDim) {
        return "attention_wgmma_" + DeviceInputs.suffix(dtype) + "_d" + headDim + "_wg" + warpgroups(headDim);
    }

    static int attentionRows(int headDim) {
        return ROWS_PER_GROUP * warpgroups(headDim);
    }

    static int attentionThreads(int headDim) {
        return 128 * warpgroups(headDim);
    }

    /**
     * Depth of the attention kernel's K/V ring (STAGES in attention_sm90a.cu): a block's K is read one
     * iteration before its V, so a third stage takes the next load.
     */
    static final int ATTENTION_STAGES = 3;

    /** Q blocks, the stages of K and V and of key indices, and 1 KiB to align the swizzled tiles. */
    static int attentionSharedBytes(int headDim) {
        return ALIGNMENT_SLACK + attentionRows(headDim) * headDim * ELEMENT_BYTES
                + ATTENTION_STAGES * (2 * KEYS * headDim * ELEMENT_BYTES + KEYS * Integer.BYTES);
    }

    /** One entry point per pass (1: row statistics, 2: residual column scores). */
    static String samplingKernel(DType dtype, int headDim, int pass) {
        return "sample_wgmma_" + DeviceInputs.suffix(dtype) + "_d" + headDim + "_pass" + pass;
    }

    /** One warpgroup per tile of sampled rows. */
    static int samplingThreads() {
        return 128;
    }

    /** The Q tile, two stages of K, and 1 KiB to align the swizzled tiles. */
    static int samplingSharedBytes(int headDim) {
        return ALIGNMENT_SLACK + ROWS_PER_GROUP * headDim * ELEMENT_BYTES + 2 * KEYS * headDim * ELEMENT_BYTES;
    }
}
