package org.sampleattention.cli;

import java.util.Arrays;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionStats;
import org.sampleattention.AttentionTensor;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.Tensor;
import org.sampleattention.plan.SparsePlan;

/**
 * How {@code bench} and {@code demo} time dense attention and SampleAttention: untimed runs first (at
 * least {@code warmup}, and until {@code warmupSeconds} have passed: the cpu backend's first calls run
 * before the JIT has compiled its kernels, and one 16K SampleAttention call measured 2x its steady time),
 * then {@code repeats} timed runs, reported by their median. The clock stops when a stage returns, since
 * stages return complete results (the Attention contract); the copy of the last run's output to the
 * host, which an engine keeping activations on its device never makes, stays out of the time.
 */
final class TimedRuns {
    private final int warmup;
    private final double warmupSeconds;
    private final int repeats;
    private final Progress progress;

    TimedRuns(int warmup, double warmupSeconds, int repeats, Progress progress) {
        this.warmup = warmup;
        this.warmupSeconds = warmupSeconds;
        this.repeats = repeats;
        this.progress = progress;
    }

    /** The progress steps {@link #dense} and {@link #sparse} take together. */
    static int steps(int repeats) {
        return 2 * (1 + repeats);
    }

    /** Dense times in ms, and the last run's output, on the host. */
    record Dense(double[] millis, Tensor lastOutput) implements AutoCloseable {
        double medianMs() {
            return median(millis);
        }

        @Override
        public void close() {
            lastOutput.close();
        }
    }

    /** SampleAttention's times in ms per run (total and per stage), and the last run's plan, stats and output on the host. */
    record Sparse(double[] totalMs, double[] sampleMs, double[] filterMs, double[] attendMs, SparsePlan plan,
                  AttentionStats stats, Tensor lastOutput) implements AutoCloseable {
        double medianMs() {
            return median(totalMs);
        }

        @Override
        public void close() {
            lastOutput.close();
        }
    }

    Dense dense(SampleAttention sa, AttentionInput input) {
        progress.begin("dense warm-up");
        warmUp(() -> sa.dense(input).close());
        progress.done();
        double[] millis = new double[repeats];
        Tensor last = null;
        for (int r = 0; r < repeats; r++) {
            progress.begin("dense " + (r + 1) + "/" + repeats);
            long t0 = System.nanoTime();
            try (AttentionTensor out = sa.dense(input)) {
                millis[r] = (System.nanoTime() - t0) / 1e6;
                if (r == repeats - 1) {
                    last = sa.engine().download(out);
                }
            }
            progress.done();
        }
        return new Dense(millis, last);
    }

    Sparse sparse(SampleAttention sa, AttentionInput input) {
        double[] total = new double[repeats], sample = new double[repeats], filter = new double[repeats],
                attend = new double[repeats];
        progress.begin("SampleAttention warm-up");
        warmUp(() -> sa.compute(input).close());
        progress.done();
        SparsePlan plan = null;
        AttentionStats stats = null;
        Tensor last = null;
        for (int r = 0; r < repeats; r++) {
            progress.begin("SampleAttention " + (r + 1) + "/" + repeats);
            long t0 = System.nanoTime();
            try (SampleAttentionResult result = sa.compute(input)) {
                total[r] = (System.nanoTime() - t0) / 1e6;
                sample[r] = result.stats().sampleNanos() / 1e6;
                filter[r] = result.stats().filterNanos() / 1e6;
                attend[r] = result.stats().attendNanos() / 1e6;
                if (r == repeats - 1) {
                    plan = result.plan();
                    stats = result.stats();
                    last = sa.engine().download(result.output());
                }
            }
            progress.done();
        }
        return new Sparse(total, sample, filter, attend, plan, stats, last);
    }

    /** Untimed runs: at least {@code warmup} of them, and until {@code warmupSeconds} have passed. */
    private void warmUp(Runnable run) {
        long start = System.nanoTime(), least = (long) (warmupSeconds * 1e9);
        for (int r = 0; r < warmup || System.nanoTime() - start < least; r++) {
            run.run();
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
