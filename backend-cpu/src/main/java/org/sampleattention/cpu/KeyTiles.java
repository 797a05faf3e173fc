package org.sampleattention.cpu;

import java.util.Arrays;
import org.sampleattention.Tensor;

/**
 * A run of keys (one kv-head's, or the columns a plan selected) widened to f32 once and laid out for
 * streaming: keys transposed per tile ({@code d x bk}, key fastest) for the q.k outer product, values
 * row-major ({@code bk x dp}). The last tile and the value columns past d are zero-padded (explicitly:
 * the arrays are reused, see {@link KeyBuffers}); the kernels mask the padding.
 */
final class KeyTiles {
    final int length;
    final int tiles;
    final TileShape shape;
    final float[] kt;
    /** Null when only keys are needed (sampling). */
    final float[] v;

    private KeyTiles(int length, TileShape shape, boolean withValues, KeyBuffers buffers) {
        this.length = length;
        this.shape = shape;
        this.tiles = shape.tilesFor(length);
        long ktSize = (long) tiles * shape.bk() * shape.d();
        long vSize = (long) tiles * shape.bk() * shape.dp();
        if (Math.max(ktSize, vSize) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the cpu backend holds one head's keys in a float[]: " + length
                    + " keys x head dim " + shape.d() + " is too large");
        }
        this.kt = buffers.take((int) ktSize);
        this.v = withValues ? buffers.take((int) vSize) : null;
    }

    /** Tiles for {@code length} keys on arrays from {@code buffers}, to be filled by {@link #fill}. */
    static KeyTiles allocate(int length, TileShape shape, boolean withValues, KeyBuffers buffers) {
        return new KeyTiles(length, shape, withValues, buffers);
    }

    /** Hands this run's arrays back to {@code buffers}; the run is not used afterwards. */
    void release(KeyBuffers buffers) {
        buffers.give(kt);
        if (v != null) {
            buffers.give(v);
        }
    }

    int ktOffset(int tile) {
        return tile * shape.d() * shape.bk();
    }

    int vOffset(int tile) {
        return tile * shape.bk() * shape.dp();
    }

    /**
     * Widens tiles {@code [tileFrom, tileTo)} of head {@code head} of k (and v) into this layout;
     * {@code rows} and {@code halves} are scratch of at least {@code bk * d} elements. Throws
     * {@link NonFiniteValue} if a widened key or value is a NaN or an infinity.
     */
    void fill(Tensor k, Tensor values, int head, int tileFrom, int tileTo, float[] rows, short[] halves,
              TileKernels kernels) {
        int d = shape.d(), dp = shape.dp(), bk = shape.bk();
        long headBase = (long) head * length * d;
        for (int t = tileFrom; t < tileTo; t++) {
            int first = t * bk;
            int count = Math.min(bk, length - first);
            TensorRows.read(k, headBase + (long) first * d, rows, 0, count * d, halves);
            if (!kernels.allFinite(rows, 0, count * d)) {
                throw new NonFiniteValue();
            }
            int base = ktOffset(t);
            // key-fastest writes: the destination's lines are filled in order (a third faster measured)
            for (int c = 0; c < d; c++) {
                int at = base + c * bk;
                for (int j = 0; j < count; j++) {
                    kt[at + j] = rows[j * d + c];
                }
                Arrays.fill(kt, at + count, at + bk, 0f);
            }
            if (v != null) {
                TensorRows.read(values, headBase + (long) first * d, rows, 0, count * d, halves);
                if (!kernels.allFinite(rows, 0, count * d)) {
                    throw new NonFiniteValue();
                }
                int vBase = vOffset(t);
                for (int j = 0; j < count; j++) {
                    System.arraycopy(rows, j * d, v, vBase + j * dp, d);
                    Arrays.fill(v, vBase + j * dp + d, vBase + (j + 1) * dp, 0f);
                }
                Arrays.fill(v, vBase + count * dp, vBase + bk * dp, 0f);
            }
        }
    }

    /**
     * The keys {@code columns} (ascending indices into this run), copied into contiguous tiles on arrays
     * from {@code buffers}; padding included, since the source's padding is zero.
     */
    KeyTiles gather(int[] columns, KeyBuffers buffers) {
        KeyTiles out = new KeyTiles(columns.length, shape, v != null, buffers);
        int d = shape.d(), dp = shape.dp(), bk = shape.bk();
        for (int t = 0; t < columns.length; t++) {
            int col = columns[t];
            int src = ktOffset(col / bk) + col % bk;
            int dst = out.ktOffset(t / bk) + t % bk;
            for (int c = 0; c < d; c++) {
                out.kt[dst + c * bk] = kt[src + c * bk];
            }
            if (v != null) {
                System.arraycopy(v, vOffset(col / bk) + (col % bk) * dp, out.v, out.vOffset(t / bk) + (t % bk) * dp, dp);
            }
        }
        int count = columns.length % bk;
        if (count > 0) {
            int base = out.ktOffset(out.tiles - 1);
            for (int c = 0; c < d; c++) {
                Arrays.fill(out.kt, base + c * bk + count, base + (c + 1) * bk, 0f);
            }
            if (v != null) {
                Arrays.fill(out.v, out.vOffset(out.tiles - 1) + count * dp, out.vOffset(out.tiles), 0f);
            }
        }
        return out;
    }
}
