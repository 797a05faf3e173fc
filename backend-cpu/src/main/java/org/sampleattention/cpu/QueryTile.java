package org.sampleattention.cpu;

import java.util.Arrays;
import org.sampleattention.Tensor;

/**
 * One worker's tile of up to {@code bq} query rows and what every pass over key tiles shares: the
 * rows' visible key intervals, their scores against a key tile, masked where the tile crosses a row's
 * limits, and each row's online-softmax shift and denominator. {@link AttentionTile} adds the p.v
 * accumulation and the output; {@link SamplingTile} sampling's two passes into column scores.
 *
 * <p>Each row may see keys of the streamed run in at most two ordered intervals
 * {@code [lo1, hi1) ∪ [lo2, hi2)}, {@code hi1 <= lo2} (dense causal: {@code [0, p+1)}; window: {@code [p-w+1, p+1)};
 * selected columns: those before the window, plus those after the row when not causal). Tiles inside
 * every row's intervals take the unmasked path; only tiles at a boundary (the diagonal, the window's
 * edge, the end of the selected prefix, padding) are masked.
 *
 * <p>Owned by one thread and reused across tasks: nothing is allocated per tile or per task.
 */
abstract sealed class QueryTile permits AttentionTile, SamplingTile {
    /**
     * How far (in natural-log units) a tile's scores may exceed a row's current softmax shift before the
     * shift moves: probabilities then reach at most e^8 (about 3000), harmless in f32, and most tiles
     * skip rescaling the row's output accumulator.
     */
    private static final float RESCALE_SLACK = 8f;
    /** Rows that share one key range in a tile at the rows' limits: the kernels' register block of rows. */
    static final int ROW_GROUP = 4;
    final TileKernels kernels;
    final TileShape shape;
    private final float[] q;
    /** The current tile's scores, {@code bq x bk}; the passes turn them into exponentials in place. */
    final float[] s;
    /** Each row's softmax shift. */
    final float[] m;
    /**
     * Each row's softmax denominator, kept per lane ({@code bq x lanes}): a tile adds its exponentials
     * lane by lane, and {@link #denominator} reduces them once per row rather than once per tile.
     */
    final float[] laneSums;
    private final int[] lo1;
    private final int[] hi1;
    private final int[] lo2;
    private final int[] hi2;
    /** Widening scratch for reading f16 and bf16 rows, and rounding them back. */
    final short[] halves;
    int rows;
    int firstTile;
    int endTile;
    /** Keys every row of the current run sees, so that a tile inside them skips the per-group ranges. */
    private int insideFrom;
    private int insideTo;
    /** The key range of the current tile that {@link #scoreTile} computed: all groups' ranges together. */
    int colFrom;
    int colTo;
    /**
     * The keys of the current tile some row of each row group sees (empty: none); q.k and the softmax
     * run over the range widened to whole vectors ({@link #widenedFrom}), p.v only over the keys
     * themselves, since the rest have probability 0.
     */
    final int[] groupFrom;
    final int[] groupTo;

    QueryTile(TileKernels kernels, TileShape shape) {
        this.kernels = kernels;
        this.shape = shape;
        int bq = shape.bq(), bk = shape.bk(), d = shape.d();
        q = new float[bq * d];
        s = new float[bq * bk];
        m = new float[bq];
        laneSums = new float[bq * kernels.lanes()];
        lo1 = new int[bq];
        hi1 = new int[bq];
        lo2 = new int[bq];
        hi2 = new int[bq];
        groupFrom = new int[(bq + ROW_GROUP - 1) / ROW_GROUP];
        groupTo = new int[groupFrom.length];
        halves = new short[bq * d];
    }

    int rows() {
        return rows;
    }

    /**
     * Loads query rows {@code [first, first+count)} of q-head {@code head}, scaled, and resets the row
     * state; throws {@link NonFiniteValue} if one of them holds a NaN or an infinity.
     */
    void load(Tensor qTensor, int head, int first, int count, float scale) {
        int d = shape.d();
        rows = count;
        long nq = qTensor.shape().dim(1);
        TensorRows.read(qTensor, ((long) head * nq + first) * d, q, 0, count * d, halves);
        if (!kernels.allFiniteThenScale(q, 0, count * d, scale)) {
            throw new NonFiniteValue();
        }
        // only the rows in use: the queries' last tile may be partly filled, and every row loop stops at rows
        Arrays.fill(m, 0, count, Float.NEGATIVE_INFINITY);
        Arrays.fill(laneSums, 0, count * kernels.lanes(), 0f);
        // no keys visible until allow() says otherwise
        Arrays.fill(hi1, 0, count, 0);
        Arrays.fill(hi2, 0, count, 0);
    }

    /** Row r sees {@code [from, to)} of the next streamed run, and nothing else. */
    void allow(int r, int from, int to) {
        allow(r, from, to, 0, 0);
    }

    /** Row r sees {@code [from1, to1)} and {@code [from2, to2)} of the next streamed run; {@code to1 <= from2}. */
    void allow(int r, int from1, int to1, int from2, int to2) {
        lo1[r] = from1;
        hi1[r] = to1;
        lo2[r] = from2;
        hi2[r] = to2;
    }

    /**
     * Moves row r's softmax shift as {@link #moveShift} does for the scores {@code s[off .. off+width)},
     * finding their maximum only when the row has no shift yet or some score exceeds it by more than
     * {@link #RESCALE_SLACK} (rare after a row's first tiles); returns the rescaling factor.
     */
    final float updateShift(int r, int off, int width) {
        if (m[r] != Float.NEGATIVE_INFINITY && !kernels.anyAbove(s, off, width, m[r] + RESCALE_SLACK)) {
            return 1f;
        }
        return moveShift(r, kernels.max(s, off, width));
    }

    /** The sum of row r's exponentials so far, relative to its current shift. */
    final float denominator(int r) {
        float sum = 0f;
        for (int i = r * kernels.lanes(); i < (r + 1) * kernels.lanes(); i++) {
            sum += laneSums[i];
        }
        return sum;
    }

    /**
     * Moves row r's softmax shift to {@code tileMax} when no shift is set yet or the tile's scores exceed
     * it by more than {@link #RESCALE_SLACK}, rescaling the row's denominator; returns the factor by which
     * the row's earlier sums shrank (1 when the shift stays). Any shift is exact: keeping it saves
     * rescaling, and the slack keeps exponentials far from overflow.
     */
    private float moveShift(int r, float tileMax) {
        float old = m[r];
        if (old == Float.NEGATIVE_INFINITY) {
            m[r] = tileMax;
            return 1f;
        }
        if (!(tileMax > old + RESCALE_SLACK)) {
            return 1f;
        }
        float correction = (float) Math.exp(old - tileMax);
        m[r] = tileMax;
        kernels.scale(laneSums, r * kernels.lanes(), kernels.lanes(), correction);
        return correction;
    }

    /**
     * Sets {@code [firstTile, endTile)} to the tiles some row's intervals touch, and
     * {@code [insideFrom, insideTo)} to the keys every row sees (empty when a row has two intervals).
     */
    final void tileRange(KeyTiles keys) {
        int from = Integer.MAX_VALUE, to = 0;
        insideFrom = 0;
        insideTo = Integer.MAX_VALUE;
        for (int r = 0; r < rows; r++) {
            insideFrom = Math.max(insideFrom, lo1[r]);
            insideTo = Math.min(insideTo, hi2[r] > lo2[r] ? Integer.MIN_VALUE : hi1[r]);
        }
        for (int r = 0; r < rows; r++) {
            if (hi1[r] > lo1[r]) {
                from = Math.min(from, lo1[r]);
                to = Math.max(to, hi1[r]);
            }
            if (hi2[r] > lo2[r]) {
                from = Math.min(from, lo2[r]);
                to = Math.max(to, hi2[r]);
            }
        }
        int bk = shape.bk();
        firstTile = from >= to ? 0 : from / bk;
        endTile = from >= to ? 0 : Math.min(keys.tiles, (to + bk - 1) / bk);
    }

    /**
     * Scores of the rows against the keys of tile t they see, masked to each row's intervals; false
     * (and nothing computed) when no row sees any key of the tile. Where a tile crosses the rows' limits
     * (a window's edge, the diagonal, a few selected columns) each group of {@link #ROW_GROUP} rows
     * computes only the keys its own rows see ({@link #groupFrom}, widened to whole vectors): the limits
     * move by one key per row, so one range for the whole tile would compute up to {@code bq} masked
     * keys per row. {@code [colFrom, colTo)} is the union of the groups' ranges; entries in it outside a
     * row's intervals are -inf.
     */
    final boolean scoreTile(KeyTiles keys, int t) {
        int bk = shape.bk();
        int k0 = t * bk, k1 = k0 + bk;
        if (insideFrom <= k0 && k1 <= insideTo) {
            // every row sees every key of the tile: no per-group ranges to find
            colFrom = 0;
            colTo = bk;
            kernels.scores(q, 0, rows, shape.d(), keys.kt, keys.ktOffset(t), bk, 0, bk, s);
            Arrays.fill(groupFrom, 0);
            Arrays.fill(groupTo, bk);
            return true;
        }
        boolean inside = true;
        colFrom = bk;
        colTo = 0;
        for (int g = 0; g * ROW_GROUP < rows; g++) {
            int from = bk, to = 0;
            for (int r = g * ROW_GROUP; r < Math.min(rows, (g + 1) * ROW_GROUP); r++) {
                if (hi1[r] > lo1[r] && lo1[r] < k1 && hi1[r] > k0) {
                    from = Math.min(from, Math.max(lo1[r], k0) - k0);
                    to = Math.max(to, Math.min(hi1[r], k1) - k0);
                }
                if (hi2[r] > lo2[r] && lo2[r] < k1 && hi2[r] > k0) {
                    from = Math.min(from, Math.max(lo2[r], k0) - k0);
                    to = Math.max(to, Math.min(hi2[r], k1) - k0);
                }
                inside &= (lo1[r] <= k0 && k1 <= hi1[r]) || (lo2[r] <= k0 && k1 <= hi2[r]);
            }
            groupFrom[g] = from >= to ? 0 : from;
            groupTo[g] = from >= to ? 0 : to;
            if (groupFrom[g] < groupTo[g]) {
                colFrom = Math.min(colFrom, widenedFrom(g));
                colTo = Math.max(colTo, widenedTo(g));
            }
        }
        if (colFrom >= colTo) {
            return false;
        }
        if (inside) {
            kernels.scores(q, 0, rows, shape.d(), keys.kt, keys.ktOffset(t), bk, colFrom, colTo, s);
            Arrays.fill(groupFrom, colFrom);
            Arrays.fill(groupTo, colTo);
            return true;
        }
        for (int g = 0; g * ROW_GROUP < rows; g++) {
            if (groupFrom[g] < groupTo[g]) {
                kernels.scores(q, g * ROW_GROUP, Math.min(rows, (g + 1) * ROW_GROUP), shape.d(), keys.kt,
                        keys.ktOffset(t), bk, widenedFrom(g), widenedTo(g), s);
            }
        }
        mask(k0);
        return true;
    }

    /** Where row group g's key range starts, widened down to a whole vector. */
    final int widenedFrom(int g) {
        int lanes = kernels.lanes();
        return groupFrom[g] / lanes * lanes;
    }

    /** Where row group g's key range ends, widened up to a whole vector (tiles are whole vectors). */
    final int widenedTo(int g) {
        int lanes = kernels.lanes();
        return (groupTo[g] + lanes - 1) / lanes * lanes;
    }

    /**
     * Sets every score outside its row's intervals (padding past the run included) to -inf, as at most
     * three range fills per row (the intervals are ordered: {@code hi1 <= lo2} when both are non-empty).
     */
    private void mask(int k0) {
        int bk = shape.bk();
        float ninf = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            int off = r * bk;
            int a = clamp(lo1[r] - k0, bk), b = clamp(hi1[r] - k0, bk);
            int c = clamp(lo2[r] - k0, bk), e = clamp(hi2[r] - k0, bk);
            boolean first = hi1[r] > lo1[r] && b > a, second = hi2[r] > lo2[r] && e > c;
            if (!first && !second) {
                Arrays.fill(s, off, off + bk, ninf);
            } else if (!second) {
                Arrays.fill(s, off, off + a, ninf);
                Arrays.fill(s, off + b, off + bk, ninf);
            } else if (!first) {
                Arrays.fill(s, off, off + c, ninf);
                Arrays.fill(s, off + e, off + bk, ninf);
            } else {
                Arrays.fill(s, off, off + a, ninf);
                Arrays.fill(s, off + b, off + c, ninf);
                Arrays.fill(s, off + e, off + bk, ninf);
            }
        }
    }

    private static int clamp(int x, int bk) {
        return Math.max(0, Math.min(bk, x));
    }
}
