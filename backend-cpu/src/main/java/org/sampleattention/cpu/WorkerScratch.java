package org.sampleattention.cpu;

import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Per-thread tiles and widening buffers, kept across calls and replaced only when the tile shape
 * changes, so the hot loops of every task reuse their thread's memory.
 */
final class WorkerScratch {
    /**
     * Sampling's saved scores per thread, all its tiles together, in floats, at most: 64 MiB, 64 query
     * rows against 256K keys or four q-heads' 64 rows against 64K.
     */
    static final long SAVED_SCORES = 16 << 20;
    /**
     * The share of the heap all threads' saved scores may take together: with many threads and a small
     * heap, 64 MiB each ran out of memory (64 threads, 64K tokens, a 1 GiB heap); sampling then keeps
     * fewer heads' scores per task, or recomputes them, instead.
     */
    private static final int HEAP_SHARE_DIVISOR = 4;
    private final TileKernels kernels;
    private final long maxSavedScores;
    private final ThreadLocal<AttentionTile[]> attentionTiles = ThreadLocal.withInitial(() -> new AttentionTile[0]);
    private final ThreadLocal<SamplingTile[]> samplingTiles = ThreadLocal.withInitial(() -> new SamplingTile[0]);
    private final ThreadLocal<float[]> savedScores = ThreadLocal.withInitial(() -> new float[0]);
    private final ThreadLocal<Widening> widening = new ThreadLocal<>();

    /** Scratch for {@link KeyTiles#fill}: {@code bk x d} floats and halves. */
    record Widening(TileShape shape, float[] rows, short[] halves) {
    }

    WorkerScratch(TileKernels kernels, long maxSavedScores) {
        this.kernels = kernels;
        this.maxSavedScores = maxSavedScores;
    }

    /**
     * Each thread's bound on saved scores for {@code threads} threads sharing a heap of
     * {@code maxHeapBytes}: {@link #SAVED_SCORES}, or less where a quarter of the heap is less.
     */
    static long savedScoresPerThread(int threads, long maxHeapBytes) {
        return Math.min(SAVED_SCORES, maxHeapBytes / HEAP_SHARE_DIVISOR / Float.BYTES / threads);
    }

    /** How many floats of sampling's kept exponentials each thread may hold, all its tiles together. */
    long maxSavedScores() {
        return maxSavedScores;
    }

    /**
     * This thread's array for sampling's kept exponentials, at least {@code floats} long; its contents
     * are left from earlier tasks. It grows to the largest request, at most {@link #maxSavedScores()}.
     */
    float[] savedScores(int floats) {
        if (floats > maxSavedScores) {
            throw new IllegalArgumentException(floats + " saved scores exceed this thread's " + maxSavedScores);
        }
        float[] mine = savedScores.get();
        if (mine.length < floats) {
            mine = new float[floats];
            savedScores.set(mine);
        }
        return mine;
    }

    /** At least {@code count} attention tiles of this shape (one per q-head of a task). */
    AttentionTile[] attentionTiles(TileShape shape, int count) {
        return reuse(attentionTiles, shape, count, AttentionTile[]::new, () -> new AttentionTile(kernels, shape));
    }

    /** At least {@code count} sampling tiles of this shape (one per q-head of a task). */
    SamplingTile[] samplingTiles(TileShape shape, int count) {
        return reuse(samplingTiles, shape, count, SamplingTile[]::new,
                () -> new SamplingTile(kernels, shape));
    }

    /** This thread's buffers for widening key tiles of this shape. */
    Widening widening(TileShape shape) {
        Widening mine = widening.get();
        if (mine == null || !mine.shape().equals(shape)) {
            int size = shape.bk() * shape.d();
            mine = new Widening(shape, new float[size], new short[size]);
            widening.set(mine);
        }
        return mine;
    }

    private static <T extends QueryTile> T[] reuse(ThreadLocal<T[]> local, TileShape shape, int count,
                                                   IntFunction<T[]> array, Supplier<T> make) {
        T[] mine = local.get();
        if (mine.length < count || !mine[0].shape.equals(shape)) {
            mine = array.apply(Math.max(count, mine.length));
            for (int i = 0; i < mine.length; i++) {
                mine[i] = make.get();
            }
            local.set(mine);
        }
        return mine;
    }
}
