package org.sampleattention.cpu;

/**
 * The arithmetic of one query tile against one key tile: the only code that differs between the
 * SIMD and the scalar path (Lucene's vectorization-provider shape). Everything else (tiling, masking,
 * online softmax bookkeeping, threading) is shared, so the two paths compute the same algorithm.
 *
 * <p>Layouts: a query tile is {@code rows x d} floats, row-major, already multiplied by the softmax
 * scale. A key tile holds {@code bk} keys transposed ({@code d x bk}, key index fastest) so that
 * q.k is an outer-product update with no horizontal reductions. A value tile is {@code bk x dp}
 * (dp = d rounded up to {@link #lanes()}, zero padded). Score and probability tiles are
 * {@code rows x bk}; output accumulators {@code rows x dp}.
 */
interface TileKernels {

    /** Floats processed per instruction; key tiles and padded head dims are multiples of it. */
    int lanes();

    /** A short description for logs and {@code device()}. */
    String description();

    /**
     * {@code s[r*bk + j] = sum_c q[r*d + c] * kt[ktOff + c*bk + j]} for {@code r < rows} and the tile's
     * keys {@code from <= j < to} (multiples of {@link #lanes()}; other entries of s are left alone).
     */
    void scores(float[] q, int rows, int d, float[] kt, int ktOff, int bk, int from, int to, float[] s);

    /**
     * {@code o[r*dp + c] += sum_j p[r*bk + j] * v[vOff + j*dp + c]} for {@code r < rows, c < dp} and the
     * tile's keys {@code from <= j < to}.
     */
    void accumulate(float[] p, int rows, int bk, int from, int to, float[] v, int vOff, int dp, float[] o);

    /** The largest of {@code a[from .. from+len)}; {@code len} is a multiple of {@link #lanes()}. */
    float max(float[] a, int from, int len);

    /**
     * Replaces {@code a[i]} by {@code exp(a[i] - shift)} on {@code [from, from+len)} and returns their
     * sum; {@code len} is a multiple of {@link #lanes()}, {@code shift} finite, {@code -inf} maps to 0.
     */
    float expShifted(float[] a, int from, int len, float shift);

    /** {@code a[i] *= factor} on {@code [from, from+len)}; {@code len} is a multiple of {@link #lanes()}. */
    void scale(float[] a, int from, int len, float factor);

    /** {@code dst[dstOff + i] += src[srcOff + i]} for {@code i < len} (any length). */
    void add(float[] src, int srcOff, float[] dst, int dstOff, int len);
}
