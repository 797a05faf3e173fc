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
     * {@code s[r*bk + j] = sum_c q[r*d + c] * kt[ktOff + c*bk + j]} for rows {@code rowFrom <= r < rowTo}
     * and the tile's keys {@code from <= j < to} (multiples of {@link #lanes()}; other entries of s are
     * left alone).
     */
    void scores(float[] q, int rowFrom, int rowTo, int d, float[] kt, int ktOff, int bk, int from, int to, float[] s);

    /**
     * {@code o[r*dp + c] += sum_j p[r*bk + j] * v[vOff + j*dp + c]} for rows {@code rowFrom <= r < rowTo},
     * {@code c < dp} and the tile's keys {@code from <= j < to}.
     */
    void accumulate(float[] p, int rowFrom, int rowTo, int bk, int from, int to, float[] v, int vOff, int dp, float[] o);

    /** The largest of {@code a[from .. from+len)}; {@code len} is a multiple of {@link #lanes()}. */
    float max(float[] a, int from, int len);

    /**
     * Whether some {@code a[from .. from+len)} exceeds {@code limit}: the test whether a row's softmax
     * shift must move, cheaper than {@link #max} since it needs no reduction across lanes.
     */
    boolean anyAbove(float[] a, int from, int len, float limit);

    /**
     * {@code dst[dstOff + i] = exp(src[srcOff + i] - shift)} for {@code i < len}, their sum added to
     * {@code laneSums[sumsOff .. sumsOff+lanes())} lane by lane ({@code src} and {@code dst} may be the
     * same range). A row's denominator is reduced across lanes once, not once per tile. {@code len} is
     * a multiple of {@link #lanes()}, {@code shift} finite, every {@code src - shift <= 80} (callers
     * keep it within {@code RESCALE_SLACK}), {@code -inf} maps to 0.
     */
    void expShifted(float[] src, int srcOff, float[] dst, int dstOff, int len, float shift, float[] laneSums,
                    int sumsOff);

    /** {@code a[i] *= factor} on {@code [from, from+len)}; {@code len} is a multiple of {@link #lanes()}. */
    void scale(float[] a, int from, int len, float factor);

    /** Whether {@code a[from .. from+len)} holds no NaN and no infinity (any length). */
    boolean allFinite(float[] a, int from, int len);

    /**
     * Whether {@code a[from .. from+len)} holds no NaN and no infinity, and then each of them multiplied
     * by {@code factor} (any length): a query tile's check and softmax scale in one pass.
     */
    boolean allFiniteThenScale(float[] a, int from, int len, float factor);

    /** The sum of {@code a[from .. from+len)}, which are then set to zero (any length). */
    float sumAndClear(float[] a, int from, int len);

    /**
     * {@code dst[dstOff + j] += sum_r weights[r] * a[off + r*stride + j]} for {@code r < rows, j < len}
     * (any length): a tile's rows reduced into column sums, each row scaled by its own weight.
     */
    void weightedColumnSums(float[] a, int off, int rows, int stride, int len, float[] weights, float[] dst,
                            int dstOff);
}
