package org.sampleattention.cpu;

import java.util.Arrays;
import org.sampleattention.Tensor;

/**
 * One worker's scratch and the flash-style loop over key tiles for a tile of up to {@code bq} query
 * rows: scores, masking where a tile crosses a row's limits, online softmax, p.v accumulation.
 *
 * <p>Each row may see keys of the streamed run in at most two ordered intervals
 * {@code [lo1, hi1) ∪ [lo2, hi2)}, {@code hi1 <= lo2} (dense causal: {@code [0, p+1)}; window: {@code [p-w+1, p+1)};
 * selected columns: those before the window, plus those after the row when not causal). Tiles inside
 * every row's intervals take the unmasked path; only tiles at a boundary (the diagonal, the window's
 * edge, the end of the selected prefix, padding) are masked.
 *
 * <p>Owned by one thread and reused across tasks: nothing is allocated per tile or per task.
 */
final class QueryTile {
    /**
     * How far (in natural-log units) a tile's scores may exceed a row's current softmax shift before the
     * shift moves: probabilities then reach at most e^8 (about 3000), harmless in f32, and most tiles
     * skip rescaling the row's output accumulator.
     */
    private static final float RESCALE_SLACK = 8f;
    /** Rows that share one key range in a tile at the rows' limits: the kernels' register block of rows. */
    private static final int ROW_GROUP = 4;
    /**
     * Sampling keeps pass 1's exponentials for pass 2 up to this many floats per thread (by default
     * {@link WorkerScratch#SAVED_SCORES}), so pass 2 is weighted sums, not a second q.k and exponential;
     * longer rows recompute them instead of holding more memory.
     */
    private final long maxSavedScores;
    private final TileKernels kernels;
    final TileShape shape;
    private final float[] q;
    private final float[] s;
    private final float[] o;
    private final float[] m;
    /**
     * Each row's softmax denominator, kept per lane ({@code bq x lanes}): a tile adds its exponentials
     * lane by lane, and {@link #denominator} reduces them once per row rather than once per tile.
     */
    private final float[] laneSums;
    private final int[] lo1;
    private final int[] hi1;
    private final int[] lo2;
    private final int[] hi2;
    /** Each row's window {@code [winFrom, winTo)}, for sampling's split of covered and residual mass. */
    private final int[] winFrom;
    private final int[] winTo;
    /** The rows {@link #store} writes, {@code bq x d}. */
    private final float[] normalised;
    private final short[] halves;
    /** Widening scratch for {@link KeyTiles#fill}, {@code bk x d}. */
    final float[] fillRows;
    final short[] fillHalves;
    private int rows;
    private int firstTile;
    private int endTile;
    /** Keys every row of the current run sees, so that a tile inside them skips the per-group ranges. */
    private int insideFrom;
    private int insideTo;
    /** The key range of the current tile that {@link #scoreTile} computed: all groups' ranges together. */
    private int colFrom;
    private int colTo;
    /**
     * The keys of the current tile some row of each row group sees (empty: none); q.k and the softmax
     * run over the range widened to whole vectors ({@link #widenedFrom}), p.v only over the keys
     * themselves, since the rest have probability 0.
     */
    private final int[] groupFrom;
    private final int[] groupTo;
    /**
     * Sampling's kept exponentials ({@code bq x bk} per tile, from {@link #firstTile}), each tile's
     * computed key range, and the shift each row's exponentials of that tile used ({@code bq} per tile).
     */
    private float[] savedScores = new float[0];
    private int[] savedCols = new int[0];
    private float[] tileShifts = new float[0];
    private boolean scoresSaved;
    /** Each row's probability weight for the tile sampling's pass 2 is reducing, and the shift it is for. */
    private final float[] weights;
    private final float[] weightShifts;
    /** Where pass 2's recomputed exponentials put their sums, which pass 1 already counted. */
    private final float[] recomputedSums;

    QueryTile(TileKernels kernels, TileShape shape, long maxSavedScores) {
        this.kernels = kernels;
        this.shape = shape;
        this.maxSavedScores = maxSavedScores;
        int bq = shape.bq(), bk = shape.bk(), dp = shape.dp(), d = shape.d();
        q = new float[bq * d];
        s = new float[bq * bk];
        o = new float[bq * dp];
        m = new float[bq];
        laneSums = new float[bq * kernels.lanes()];
        lo1 = new int[bq];
        hi1 = new int[bq];
        lo2 = new int[bq];
        hi2 = new int[bq];
        winFrom = new int[bq];
        winTo = new int[bq];
        weights = new float[bq];
        weightShifts = new float[bq];
        recomputedSums = new float[kernels.lanes()];
        groupFrom = new int[(bq + ROW_GROUP - 1) / ROW_GROUP];
        groupTo = new int[groupFrom.length];
        normalised = new float[bq * d];
        halves = new short[Math.max(bq * d, bk * d)];
        fillRows = new float[bk * d];
        fillHalves = new short[bk * d];
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
        Arrays.fill(o, 0, count * shape.dp(), 0f);
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

    /** Row r's window is {@code [from, to)}: its mass counts as covered in {@link #reduceToColumns}. */
    void window(int r, int from, int to) {
        winFrom[r] = from;
        winTo[r] = to;
    }

    /** Online-softmax attention of the rows over the keys of {@code keys} their intervals allow. */
    void attend(KeyTiles keys) {
        tileRange(keys);
        for (int t = firstTile; t < endTile; t++) {
            attendTile(keys, t);
        }
    }

    /**
     * {@link #attend} for {@code count} tiles of q-heads that share {@code keys} (a GQA group), key tiles
     * the outer loop: each is read from memory once for all the tiles, not once per head.
     */
    static void attend(KeyTiles keys, QueryTile[] tiles, int count) {
        int from = Integer.MAX_VALUE, to = 0;
        for (int i = 0; i < count; i++) {
            QueryTile tile = tiles[i];
            tile.tileRange(keys);
            if (tile.firstTile < tile.endTile) {
                from = Math.min(from, tile.firstTile);
                to = Math.max(to, tile.endTile);
            }
        }
        for (int t = from; t < to; t++) {
            for (int i = 0; i < count; i++) {
                if (t >= tiles[i].firstTile && t < tiles[i].endTile) {
                    tiles[i].attendTile(keys, t);
                }
            }
        }
    }

    private void attendTile(KeyTiles keys, int t) {
        int bk = shape.bk(), dp = shape.dp();
        if (!scoreTile(keys, t)) {
            return;
        }
        // each row over its group's computed range only: at the rows' limits the union of the
        // groups' ranges is up to a tile wider than any one group's
        for (int r = 0; r < rows; r++) {
            int g = r / ROW_GROUP, width = widenedTo(g) - widenedFrom(g);
            if (width == 0) {
                continue;
            }
            int off = r * bk + widenedFrom(g);
            float correction = updateShift(r, off, width);
            if (m[r] == Float.NEGATIVE_INFINITY) {
                Arrays.fill(s, off, off + width, 0f); // nothing visible yet: contributes nothing
                continue;
            }
            if (correction != 1f) {
                kernels.scale(o, r * dp, dp, correction);
            }
            kernels.expShifted(s, off, s, off, width, m[r], laneSums, r * kernels.lanes());
        }
        for (int g = 0; g * ROW_GROUP < rows; g++) {
            if (groupFrom[g] < groupTo[g]) {
                kernels.accumulate(s, g * ROW_GROUP, Math.min(rows, (g + 1) * ROW_GROUP), bk, groupFrom[g],
                        groupTo[g], keys.v, keys.vOffset(t), dp, o);
            }
        }
    }

    /**
     * Normalises the accumulated rows and writes them to rows {@code [first, ...)} of {@code head} in out,
     * as one copy: the rows are contiguous there, and a copy per row cost about 1% of a 4K sparse call.
     */
    void store(Tensor out, int head, int first) {
        int d = shape.d(), dp = shape.dp();
        long nq = out.shape().dim(1);
        for (int r = 0; r < rows; r++) {
            float inv = 1f / denominator(r);
            for (int c = 0; c < d; c++) {
                normalised[r * d + c] = o[r * dp + c] * inv;
            }
        }
        TensorRows.write(out, ((long) head * nq + first) * d, normalised, 0, rows * d, halves);
    }

    /**
     * Sampling pass 1 for {@code count} tiles holding the same rows of q-heads that share {@code keys}
     * (a GQA group): each row's softmax shift and denominator over its allowed keys. Key tiles are the
     * outer loop, so each is read from memory once for all the tiles (one q-head at a time read every
     * key tile once per head: 12% slower at 32K on two cores). Each tile's exponentials
     * {@code exp(score - shift)} are kept (when the rows are short enough) with the shift they used, so
     * pass 2 needs neither a second q.k nor a second exponential: a probability is a kept exponential
     * times its row's weight for that tile. The tiles share the thread's budget for kept exponentials.
     */
    static void softmaxStatistics(KeyTiles keys, QueryTile[] tiles, int count) {
        for (int i = 0; i < count; i++) {
            tiles[i].beginStatistics(keys, tiles[i].maxSavedScores / count);
        }
        for (int t = tiles[0].firstTile; t < tiles[0].endTile; t++) {
            for (int i = 0; i < count; i++) {
                tiles[i].statisticsOfTile(keys, t);
            }
        }
    }

    private void beginStatistics(KeyTiles keys, long savedScoresBudget) {
        int bq = shape.bq(), tileFloats = bq * shape.bk();
        tileRange(keys);
        int tiles = endTile - firstTile;
        scoresSaved = (long) tiles * tileFloats <= savedScoresBudget;
        if (scoresSaved && savedScores.length < tiles * tileFloats) {
            savedScores = new float[tiles * tileFloats]; // grows to the longest rows seen, then is reused
        }
        if (savedCols.length < 2 * tiles) {
            savedCols = new int[2 * tiles];
            tileShifts = new float[tiles * bq];
        }
    }

    private void statisticsOfTile(KeyTiles keys, int t) {
        int bq = shape.bq(), bk = shape.bk(), slot = t - firstTile;
        if (!scoreTile(keys, t)) {
            savedCols[2 * slot] = savedCols[2 * slot + 1] = 0;
            return;
        }
        savedCols[2 * slot] = colFrom;
        savedCols[2 * slot + 1] = colTo;
        float[] e = scoresSaved ? savedScores : s;
        int eOff = scoresSaved ? slot * bq * bk : 0;
        int width = colTo - colFrom;
        for (int r = 0; r < rows; r++) {
            int off = r * bk + colFrom;
            updateShift(r, off, width);
            tileShifts[slot * bq + r] = m[r];
            if (m[r] == Float.NEGATIVE_INFINITY) {
                Arrays.fill(e, eOff + off, eOff + off + width, 0f); // nothing visible yet
                continue;
            }
            kernels.expShifted(s, off, e, eOff + off, width, m[r], laneSums, r * kernels.lanes());
        }
    }

    /**
     * Sampling pass 2, after {@link #softmaxStatistics} on the same keys and intervals: each tile's
     * exponentials (kept by pass 1, or recomputed the same way when the rows were too long to keep)
     * times the row's weight {@code exp(tileShift - shift) / denominator} are its probabilities. The mass
     * inside row r's {@link #window} is added to the returned covered mass; the rest is reduced over the
     * tile's rows into {@code residual[base + j]}, once per tile. The block's probability rows are never
     * stored.
     */
    double reduceToColumns(KeyTiles keys, float[] residual, int base) {
        int bq = shape.bq(), bk = shape.bk(), tileFloats = bq * bk;
        tileRange(keys);
        Arrays.fill(weightShifts, 0, rows, Float.NaN); // no weight computed yet: NaN equals no shift
        double covered = 0;
        for (int t = firstTile; t < endTile; t++) {
            int slot = t - firstTile;
            float[] e;
            int eOff;
            if (scoresSaved) {
                colFrom = savedCols[2 * slot];
                colTo = savedCols[2 * slot + 1];
                if (colFrom >= colTo) {
                    continue;
                }
                e = savedScores;
                eOff = slot * tileFloats;
            } else {
                if (!scoreTile(keys, t)) {
                    continue;
                }
                e = s;
                eOff = 0;
            }
            int k0 = t * bk;
            int end = Math.min(colTo, keys.length - k0);
            for (int r = 0; r < rows; r++) {
                int off = eOff + r * bk;
                float tileShift = tileShifts[slot * bq + r];
                if (tileShift == Float.NEGATIVE_INFINITY) {
                    weights[r] = 0f;
                    weightShifts[r] = Float.NaN;
                    Arrays.fill(e, off + colFrom, off + colTo, 0f); // no visible key yet: no mass
                    continue;
                }
                if (!scoresSaved) {
                    kernels.expShifted(s, off + colFrom, s, off + colFrom, colTo - colFrom, tileShift,
                            recomputedSums, 0);
                }
                if (tileShift != weightShifts[r]) {
                    // a row's shift moves on a few tiles only: one exp and division per move, not per tile
                    weightShifts[r] = tileShift;
                    weights[r] = (float) (Math.exp(tileShift - m[r]) / denominator(r));
                }
                int wFrom = Math.max(winFrom[r], k0 + colFrom), wTo = Math.min(winTo[r], k0 + end);
                if (wFrom < wTo) {
                    covered += weights[r] * (double) kernels.sumAndClear(e, off + wFrom - k0, wTo - wFrom);
                }
            }
            kernels.weightedColumnSums(e, eOff + colFrom, rows, bk, end - colFrom, weights, residual, base + k0 + colFrom);
        }
        return covered;
    }

    /**
     * Moves row r's softmax shift as {@link #moveShift} does for the scores {@code s[off .. off+width)},
     * finding their maximum only when the row has no shift yet or some score exceeds it by more than
     * {@link #RESCALE_SLACK} (rare after a row's first tiles); returns the rescaling factor.
     */
    private float updateShift(int r, int off, int width) {
        if (m[r] != Float.NEGATIVE_INFINITY && !kernels.anyAbove(s, off, width, m[r] + RESCALE_SLACK)) {
            return 1f;
        }
        return moveShift(r, kernels.max(s, off, width));
    }

    /** The sum of row r's exponentials so far, relative to its current shift. */
    private float denominator(int r) {
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
    private void tileRange(KeyTiles keys) {
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
    private boolean scoreTile(KeyTiles keys, int t) {
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
    private int widenedFrom(int g) {
        int lanes = kernels.lanes();
        return groupFrom[g] / lanes * lanes;
    }

    /** Where row group g's key range ends, widened up to a whole vector (tiles are whole vectors). */
    private int widenedTo(int g) {
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
