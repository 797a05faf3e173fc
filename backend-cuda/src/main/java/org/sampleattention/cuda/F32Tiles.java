package org.sampleattention.cuda;

import org.sampleattention.DType;

/**
 * Which f32 inputs run on the f32 tile kernels (SIMT FMAs over shared-memory tiles: attention.cu's
 * {@code attention_simt_f32_d*}, sampling.cu's {@code sample_simt_f32_d*}) rather than the row-wise
 * kernels, and their launch shapes. The constants mirror the kernels' SIMT_* macros.
 */
final class F32Tiles {
    /** Query rows per attention block, two threads each. */
    static final int ATTENTION_ROWS = 64;
    /** Keys per shared-memory tile of the attention kernel. */
    static final int ATTENTION_KEYS = 32;
    /** Sampled rows per tile (pass 1 has a thread per row), as {@link TensorCoreShapes#TILE}. */
    static final int SAMPLE_ROWS = TensorCoreShapes.TILE;
    /** Keys per shared-memory tile of sampling pass 1 (two stages). */
    static final int STATISTICS_KEYS = 32;
    /** Keys per block of sampling pass 2, a thread each. */
    static final int KEY_THREADS = 128;

    private F32Tiles() {
    }

    static boolean supports(DType dtype, int headDim) {
        return dtype == DType.F32 && (headDim == 64 || headDim == 96 || headDim == 128);
    }

    static String attentionKernel(int headDim) {
        return "attention_simt_f32_d" + headDim;
    }

    static String samplingKernel(int headDim) {
        return "sample_simt_f32_d" + headDim;
    }

    /** Two stages of K and V tiles and of their key indices, and the halves' partial dot products. */
    static int attentionSharedBytes(int headDim) {
        return 2 * (2 * ATTENTION_KEYS * headDim * 4 + ATTENTION_KEYS * 4) + 2 * ATTENTION_KEYS * ATTENTION_ROWS * 4;
    }

    /** Pass 1: two stages of key tiles; pass 2: the sampled tile's rows, their shifts and normalisers, warp sums. */
    static int samplingSharedBytes(int headDim, int pass) {
        return pass == 1 ? 2 * STATISTICS_KEYS * headDim * 4
                : SAMPLE_ROWS * headDim * 4 + 2 * SAMPLE_ROWS * 4 + KEY_THREADS / 32 * 8;
    }
}
