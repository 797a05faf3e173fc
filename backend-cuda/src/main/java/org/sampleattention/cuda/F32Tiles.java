package org.sampleattention.cuda;

import org.sampleattention.DType;

/**
 * Which f32 inputs run on the f32 tile kernels (SIMT FMAs over shared-memory tiles: attention.cu's
 * {@code attention_simt_f32_d*}, sampling.cu's {@code sample_simt_f32_d*}) rather than the row-wise
 * kernels, and their launch shapes. The constants mirror the kernels' SIMT_* macros and their
 * instantiations' sides (threads sharing a query row or a key) and keys per tile.
 */
final class F32Tiles {
    /** Query rows per attention block, {@link #attentionSides} threads each. */
    static final int ATTENTION_ROWS = 64;
    /** Sampled rows per tile (pass 1 has {@link #samplingSides} threads per row), as {@link TensorCoreShapes#TILE}. */
    static final int SAMPLE_ROWS = TensorCoreShapes.TILE;
    /** Keys per shared-memory tile of sampling pass 1 (two stages). */
    static final int STATISTICS_KEYS = 32;
    /** Threads per block of sampling pass 2, {@link #samplingSides} per key. */
    static final int KEY_THREADS = 128;
    private static final int CHUNK_KEYS = 4096;
    private static final int MAX_CHUNKS = 16;

    private F32Tiles() {
    }

    static boolean supports(DType dtype, int headDim) {
        return dtype == DType.F32 && (headDim == 64 || headDim == 96 || headDim == 128 || headDim == 256);
    }

    static String attentionKernel(int headDim) {
        return "attention_simt_f32_d" + headDim;
    }

    static String samplingKernel(int headDim) {
        return "sample_simt_f32_d" + headDim;
    }

    /** Threads per query row in attention: each holds at most 64 of its head dims (query and accumulator). */
    static int attentionSides(int headDim) {
        return headDim == 256 ? 4 : 2;
    }

    /** Keys per K/V tile in attention: 16 at d = 256 keep its shared memory as small as d = 128's. */
    static int attentionKeys(int headDim) {
        return headDim == 256 ? 16 : 32;
    }

    /** Threads per attention block. */
    static int attentionThreads(int headDim) {
        return attentionSides(headDim) * ATTENTION_ROWS;
    }

    /** Two stages of K and V tiles and of their key indices, and the sides' partial dot products. */
    static int attentionSharedBytes(int headDim) {
        int keys = attentionKeys(headDim);
        return 2 * (2 * keys * headDim * 4 + keys * 4) + attentionSides(headDim) * keys * ATTENTION_ROWS * 4;
    }

    /**
     * Key chunks of sampling pass 1, a block each per tile: one per 4096 keys, at most 16. One block per
     * tile left the tiles that see every key running alone at the end (sampling.cu's
     * statisticsChunkKeys sizes the chunks from the count).
     */
    static int statisticsChunks(int keys) {
        return Math.max(1, Math.min(MAX_CHUNKS, (keys + CHUNK_KEYS - 1) / CHUNK_KEYS));
    }

    /** Threads per sampled row (pass 1) and per key (pass 2): each holds at most 128 head dims. */
    static int samplingSides(int headDim) {
        return headDim == 256 ? 2 : 1;
    }

    /** Threads per block of sampling pass 1 or 2. */
    static int samplingThreads(int headDim, int pass) {
        return pass == 1 ? samplingSides(headDim) * SAMPLE_ROWS : KEY_THREADS;
    }

    /** Keys per block of sampling pass 2. */
    static int keysPerBlock(int headDim) {
        return KEY_THREADS / samplingSides(headDim);
    }

    /** Pass 1: two stages of key tiles; pass 2: the sampled tile's rows, their shifts and normalisers, warp sums. */
    static int samplingSharedBytes(int headDim, int pass) {
        return pass == 1 ? 2 * STATISTICS_KEYS * headDim * 4
                : SAMPLE_ROWS * headDim * 4 + 2 * SAMPLE_ROWS * 4 + KEY_THREADS / 32 * 8;
    }
}
