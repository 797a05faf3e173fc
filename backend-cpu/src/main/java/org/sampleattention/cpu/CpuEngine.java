package org.sampleattention.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.sampleattention.AttentionInput;
import org.sampleattention.spi.Attention;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Filter;
import org.sampleattention.spi.HostInput;
import org.sampleattention.spi.Sampler;

/**
 * The CPU backend's working instance: one {@link ForkJoinPool} sized to the machine (shut down by
 * {@link #close}), the kernels chosen for this JVM, and per-worker scratch. Thread-safe: concurrent
 * calls share the pool.
 */
public final class CpuEngine implements AttentionEngine {
    private final TileKernels kernels;
    private final ForkJoinPool pool;
    private final WorkerScratch scratch;
    /** Packed keys and values kept between calls: up to an eighth of the heap. */
    private final KeyBuffers keyBuffers = new KeyBuffers(Runtime.getRuntime().maxMemory() / 8 / Float.BYTES);
    private final CpuSampler sampler = new CpuSampler(this);
    private final CpuFilter filter = new CpuFilter(this);
    private final CpuAttention attention = new CpuAttention(this);
    private volatile boolean closed;

    CpuEngine(TileKernels kernels, int threads) {
        // the count is checked before the heap is divided by it (arguments are evaluated left to right)
        this(kernels, PoolSize.require(threads),
                WorkerScratch.savedScoresPerThread(threads, Runtime.getRuntime().maxMemory()));
    }

    /** With a chosen bound on the scores sampling keeps between its passes (0: always recompute). */
    CpuEngine(TileKernels kernels, int threads, long maxSavedScores) {
        PoolSize.require(threads);
        this.kernels = kernels;
        this.scratch = new WorkerScratch(kernels, maxSavedScores);
        this.pool = new ForkJoinPool(threads);
    }

    @Override
    public String backendName() {
        return CpuBackend.NAME;
    }

    @Override
    public String device() {
        return hostDevice(pool.getParallelism()) + ", " + kernels.description();
    }

    /** How {@code backends} and reports name an engine of {@code threads} threads. */
    static String hostDevice(int threads) {
        return "host CPU, " + threads + (threads == 1 ? " thread" : " threads");
    }

    @Override
    public Sampler sampler() {
        return sampler;
    }

    @Override
    public Filter filter() {
        return filter;
    }

    @Override
    public Attention attention() {
        return attention;
    }

    TileKernels kernels() {
        return kernels;
    }

    ForkJoinPool pool() {
        if (closed) {
            throw new IllegalStateException("this cpu engine is closed");
        }
        return pool;
    }

    WorkerScratch scratch() {
        return scratch;
    }

    KeyBuffers keyBuffers() {
        return keyBuffers;
    }

    /**
     * Host residency, a supported head dim and finite queries, checked before any work starts: sampling
     * reads only the sampled query rows, yet refuses a NaN or an infinity in any of them. Its keys are
     * checked as they are packed ({@link NonFiniteValue}), and v, which it ignores, is not read.
     */
    HostInput checkInputForSampling(AttentionInput input) {
        checkSupported(input);
        return FiniteCheck.ofQueries(this, input);
    }

    /**
     * Host residency and a supported head dim, checked before any work starts; the values are left to
     * the kernels, which throw {@link NonFiniteValue} as they widen a NaN or an infinity (see
     * {@link FiniteCheck#report}), so a stage that reads all of q, k and v saves a pass over them.
     */
    HostInput checkInputButValues(AttentionInput input) {
        checkSupported(input);
        return FiniteCheck.checkedWhileRead(input);
    }

    private void checkSupported(AttentionInput input) {
        pool();
        int d = input.headDim();
        if (!CpuBackend.CAPABILITIES.supportsHeadDim(d)) {
            throw new IllegalArgumentException("head dim " + d + " is not supported by the cpu backend ("
                    + CpuBackend.CAPABILITIES + ")");
        }
        if (!CpuBackend.CAPABILITIES.supports(input.dtype())) {
            throw new IllegalArgumentException("dtype " + input.dtype() + " is not supported by the cpu backend");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        keyBuffers.clear();  // up to an eighth of the heap, not held by a closed engine
    }
}
