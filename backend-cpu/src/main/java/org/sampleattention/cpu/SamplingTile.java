package org.sampleattention.cpu;

import java.util.Arrays;

/**
 * A {@link QueryTile} for sampling: exact softmax rows of the sampled queries in two passes over the
 * visible keys ({@link #softmaxStatistics}, then {@link #reduceToColumns}), reduced into a block's
 * residual column scores and covered mass without storing its probability rows.
 */
final class SamplingTile extends QueryTile {
    /** Each row's window {@code [winFrom, winTo)}, for the split of covered and residual mass. */
    private final int[] winFrom;
    private final int[] winTo;
    /**
     * The keys inside every row's window. A key tile within them holds covered mass only, so pass 1
     * sums its exponentials into {@link #windowSums} and neither keeps them nor leaves them to pass 2:
     * at the default window ratio that spares pass 2 about a sixth of the tiles of a long row.
     */
    private int windowsFrom;
    private int windowsTo;
    /** Each row's exponentials on tiles within every window, relative to {@code windowShifts[r]}. */
    private final float[] windowSums;
    private final float[] windowShifts;
    /** One tile's exponential sums of one row, lane by lane. */
    private final float[] tileLaneSums;
    /**
     * Pass 1's kept exponentials ({@code bq x bk} per tile, from {@link #firstTile}) in the thread's
     * {@link WorkerScratch#savedScores} from {@code savedBase}, each tile's computed key range, and the
     * shift each row's exponentials of that tile used ({@code bq} per tile).
     */
    private float[] savedScores; // null: the rows were too long to keep, pass 2 recomputes them
    private int savedBase;
    private int[] savedCols = new int[0];
    private float[] tileShifts = new float[0];
    /** Each row's probability weight for the tile pass 2 is reducing, and the shift it is for. */
    private final float[] weights;
    private final float[] weightShifts;
    /** Where pass 2's recomputed exponentials put their sums, which pass 1 already counted. */
    private final float[] recomputedSums;

    SamplingTile(TileKernels kernels, TileShape shape) {
        super(kernels, shape);
        int bq = shape.bq();
        winFrom = new int[bq];
        winTo = new int[bq];
        weights = new float[bq];
        weightShifts = new float[bq];
        recomputedSums = new float[kernels.lanes()];
        windowSums = new float[bq];
        windowShifts = new float[bq];
        tileLaneSums = new float[kernels.lanes()];
    }

    /** Row r's window is {@code [from, to)}: its mass counts as covered in {@link #reduceToColumns}. */
    void window(int r, int from, int to) {
        winFrom[r] = from;
        winTo[r] = to;
    }

    /**
     * Sampling pass 1 for {@code count} tiles holding the same rows of q-heads that share {@code keys}
     * (a GQA group): each row's softmax shift and denominator over its allowed keys. Key tiles are the
     * outer loop, so each is read from memory once for all the tiles (one q-head at a time read every
     * key tile once per head: 12% slower at 32K on two cores). Each tile's exponentials
     * {@code exp(score - shift)} are kept in the thread's {@link WorkerScratch#savedScores}, when all
     * the tiles' fit its bound, with the shift they used, so pass 2 needs neither a second q.k nor a
     * second exponential: a probability is a kept exponential times its row's weight for that tile.
     */
    static void softmaxStatistics(KeyTiles keys, SamplingTile[] tiles, int count, WorkerScratch scratch) {
        long needed = 0;
        for (int i = 0; i < count; i++) {
            tiles[i].beginStatistics(keys);
            needed += tiles[i].savedFloats();
        }
        float[] saved = needed <= scratch.maxSavedScores() ? scratch.savedScores((int) needed) : null;
        int base = 0;
        for (int i = 0; i < count; i++) {
            tiles[i].savedScores = saved;
            tiles[i].savedBase = base;
            base += (int) tiles[i].savedFloats();
        }
        for (int t = tiles[0].firstTile; t < tiles[0].endTile; t++) {
            for (int i = 0; i < count; i++) {
                tiles[i].statisticsOfTile(keys, t);
            }
        }
    }

    /** Finds the key tiles the rows see and readies the per-tile state for them. */
    private void beginStatistics(KeyTiles keys) {
        tileRange(keys);
        windowsFrom = 0;
        windowsTo = Integer.MAX_VALUE;
        for (int r = 0; r < rows; r++) {
            windowsFrom = Math.max(windowsFrom, winFrom[r]);
            windowsTo = Math.min(windowsTo, winTo[r]);
        }
        Arrays.fill(windowSums, 0, rows, 0f);
        Arrays.fill(windowShifts, 0, rows, Float.NEGATIVE_INFINITY);
        int tiles = endTile - firstTile;
        if (savedCols.length < 2 * tiles) {
            savedCols = new int[2 * tiles];
            tileShifts = new float[tiles * shape.bq()];
        }
    }

    /** The floats this tile's kept exponentials take. */
    private long savedFloats() {
        return savedFloats(shape, endTile - firstTile);
    }

    /** The floats a tile's kept exponentials take when its rows see {@code keyTiles} key tiles: {@code bq x bk} each. */
    static long savedFloats(TileShape shape, int keyTiles) {
        return (long) keyTiles * shape.bq() * shape.bk();
    }

    /** Whether key tile t lies inside every row's window: all its mass is covered, none residual. */
    private boolean insideEveryWindow(int t) {
        int k0 = t * shape.bk();
        return windowsFrom <= k0 && k0 + shape.bk() <= windowsTo;
    }

    private void statisticsOfTile(KeyTiles keys, int t) {
        int bq = shape.bq(), bk = shape.bk(), lanes = kernels.lanes(), slot = t - firstTile;
        if (!scoreTile(keys, t)) {
            savedCols[2 * slot] = savedCols[2 * slot + 1] = 0;
            return;
        }
        // a tile inside every window leaves pass 2 nothing: its exponentials are summed, not kept
        boolean covered = insideEveryWindow(t);
        savedCols[2 * slot] = covered ? 0 : colFrom;
        savedCols[2 * slot + 1] = covered ? 0 : colTo;
        float[] e = savedScores != null && !covered ? savedScores : s;
        int eOff = savedScores != null && !covered ? savedBase + slot * bq * bk : 0;
        int width = colTo - colFrom;
        for (int r = 0; r < rows; r++) {
            int off = r * bk + colFrom;
            updateShift(r, off, width);
            tileShifts[slot * bq + r] = m[r];
            if (m[r] == Float.NEGATIVE_INFINITY) {
                Arrays.fill(e, eOff + off, eOff + off + width, 0f); // nothing visible yet
                continue;
            }
            if (covered) {
                Arrays.fill(tileLaneSums, 0f);
            }
            // one call site for both kinds of tile: a second one inlined here left the JIT short of
            // nodes to inline the exponential itself, and sampling ran 40% slower in some runs
            kernels.expShifted(s, off, e, eOff + off, width, m[r], covered ? tileLaneSums : laneSums,
                    covered ? 0 : r * lanes);
            if (covered) {
                cover(r);
            }
        }
    }

    /**
     * Adds the tile's exponential sums of row r ({@link #tileLaneSums}, relative to its shift) to its
     * denominator and to its covered sum; the covered sum follows the row's shift (which only rises),
     * rescaled when it moves.
     */
    private void cover(int r) {
        int lanes = kernels.lanes();
        float tileSum = 0f;
        for (int i = 0; i < lanes; i++) {
            laneSums[r * lanes + i] += tileLaneSums[i];
            tileSum += tileLaneSums[i];
        }
        if (windowShifts[r] != m[r]) {
            windowSums[r] *= (float) Math.exp(windowShifts[r] - m[r]); // from no shift (-inf): 0 * 0
            windowShifts[r] = m[r];
        }
        windowSums[r] += tileSum;
    }

    /**
     * Sampling pass 2, after {@link #softmaxStatistics} on the same keys and intervals: each tile's
     * exponentials (kept by pass 1, or recomputed the same way when the rows were too long to keep)
     * times the row's weight {@code exp(tileShift - shift) / denominator} are its probabilities. The mass
     * inside row r's {@link #window} is added to the returned covered mass (for tiles inside every row's
     * window, from pass 1's sums); the rest is reduced over the tile's rows into
     * {@code residual[base + j]}, once per tile. The block's probability rows are never stored.
     */
    double reduceToColumns(KeyTiles keys, float[] residual, int base) {
        int bq = shape.bq(), bk = shape.bk(), tileFloats = bq * bk;
        tileRange(keys);
        Arrays.fill(weightShifts, 0, rows, Float.NaN); // no weight computed yet: NaN equals no shift
        double covered = 0;
        for (int t = firstTile; t < endTile; t++) {
            if (insideEveryWindow(t)) {
                continue; // pass 1 counted its mass as covered
            }
            int slot = t - firstTile;
            float[] e;
            int eOff;
            if (savedScores != null) {
                colFrom = savedCols[2 * slot];
                colTo = savedCols[2 * slot + 1];
                if (colFrom >= colTo) {
                    continue;
                }
                e = savedScores;
                eOff = savedBase + slot * tileFloats;
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
                if (savedScores == null) {
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
        for (int r = 0; r < rows; r++) {
            if (windowSums[r] > 0f) {
                covered += windowSums[r] * Math.exp(windowShifts[r] - m[r]) / denominator(r);
            }
        }
        return covered;
    }
}
