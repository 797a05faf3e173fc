package org.sampleattention.cuda;

import org.sampleattention.DType;

/**
 * Which inputs run on the tensor-core kernels (f16 / bf16 operands, mma.sync m16n8k16, f32
 * accumulation); f32 inputs take {@link F32Tiles} where it has them, other head dims run padded to one
 * of these ({@link HeadDimPadding}), and the rest (above 256) the row-wise FMA kernels.
 */
final class TensorCoreShapes {
    /** Sampled rows per sampling tile, and keys per key block. */
    static final int TILE = 64;

    private TensorCoreShapes() {
    }

    static boolean supports(DType dtype, int headDim) {
        return dtype != DType.F32 && (headDim == 64 || headDim == 96 || headDim == 128 || headDim == 256);
    }

    /** Query rows per tile of the attention kernel: two m16 tiles per warp up to d = 128, one at 256. */
    static int attentionRows(int headDim) {
        return headDim == 256 ? 64 : 128;
    }

    /** Bytes of one padded shared-memory tile of 64 rows (16 bytes of padding per row). */
    static int paddedTileBytes(int headDim) {
        return TILE * (headDim + 8) * 2;
    }
}
