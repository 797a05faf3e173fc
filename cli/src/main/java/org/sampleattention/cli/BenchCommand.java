package org.sampleattention.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionStats;
import org.sampleattention.AttentionTensor;
import org.sampleattention.HeadStats;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.Tensor;
import org.sampleattention.cli.report.BenchReport;
import org.sampleattention.cli.report.Json;
import org.sampleattention.conformance.Workload;
import org.sampleattention.conformance.WorkloadSpec;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: median times of dense attention and SampleAttention on the kit's generator. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time dense attention and SampleAttention (with per-stage times) on a generated workload: "
                + "warm-up runs (at least --warmup of them, for at least --warmup-seconds), then the median of "
                + "--repeats timed runs of each. Inputs are made resident on the "
                + "backend's device first; each timed run ends with the output copied to the host (the SPI's "
                + "completion point).",
                "GFLOP/s count computed work only: 4 * query-key pairs * headDim."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    WorkloadOptions workload;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "5", description = "Timed runs of each (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "1", description = "Untimed runs of each first, at least (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "1",
            description = "Keep warming up until this long has passed (default: ${DEFAULT-VALUE}): a call of a few "
                    + "milliseconds needs many runs before the JIT has compiled its host code.")
    double warmupSeconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

    @Mixin
    BackendOption backendOption;

    @Mixin
    SettingsOptions settings;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        if (!workload.seqLenGiven()) {
            throw new IllegalArgumentException("--seq-len is required");
        }
        if (repeats < 1 || warmup < 0 || !(warmupSeconds >= 0)) {
            throw new IllegalArgumentException("--repeats must be at least 1, --warmup and --warmup-seconds at least 0, "
                    + "got " + repeats + ", " + warmup + " and " + warmupSeconds);
        }
        WorkloadSpec spec = workload.spec(workload.seqLen);
        SampleAttentionConfig config = settings.config();
        AttentionBackend backend = backendOption.select();
        BackendOption.requireSupports(backend, spec.dtype(), spec.headDim());
        BenchReport report;
        try (Progress progress = Progress.start("bench", 1 + 2 * (1 + repeats), output);
             AttentionEngine engine = backend.create()) {
            progress.begin("generating workload");
            try (Workload work = Workload.generate(spec);
                 ResidentInput resident = ResidentInput.upload(engine, work.input())) {
                progress.done();
                report = measure(new SampleAttention(engine, config), resident.input(), spec, progress);
            }
        }
        if (json != null) {
            Json.write(json, report);
        }
        print(command.commandLine().getOut(), report);
        return ExitCode.OK;
    }

    private BenchReport measure(SampleAttention sa, AttentionInput input, WorkloadSpec spec, Progress progress) {
        try (DenseRuns dense = timeDense(sa, input, progress)) {
            SparseRuns sparse = timeSparse(sa, input, dense.lastOutput(), progress);
            SparsePlan plan = sparse.plan();
            long densePairs = plan.geometry().densePairs() * (long) spec.qHeads();
            long sparsePairs = 0;
            for (int h = 0; h < plan.qHeads(); h++) {
                sparsePairs += plan.pairs(h);
            }
            double denseMedian = median(dense.millis()), sparseMedian = median(sparse.totalMs());
            return new BenchReport(sparse.stats().backend(), sparse.stats().device(), spec.keyLength(), spec.qHeads(),
                    spec.kvHeads(), spec.headDim(), spec.dtype().name().toLowerCase(Locale.ROOT),
                    spec.kind().name().toLowerCase(Locale.ROOT),
                    new BenchReport.Dense(denseMedian, gflops(densePairs, spec.headDim(), denseMedian)),
                    new BenchReport.Sparse(sparseMedian, gflops(sparsePairs, spec.headDim(), sparseMedian),
                            median(sparse.sampleMs()), median(sparse.filterMs()), median(sparse.attendMs()),
                            plan.density(), meanCoverage(sparse.stats()), sparse.error().overall()),
                    denseMedian / sparseMedian);
        }
    }

    /** Dense times in ms, and the last run's output (host) as the baseline for the sparse error. */
    private record DenseRuns(double[] millis, Tensor lastOutput) implements AutoCloseable {
        @Override
        public void close() {
            lastOutput.close();
        }
    }

    /** Per-run SampleAttention times in ms, and what the last run planned and how far it was from dense. */
    private record SparseRuns(double[] totalMs, double[] sampleMs, double[] filterMs, double[] attendMs,
                              SparsePlan plan, AttentionStats stats, OutputError error) {
    }

    private DenseRuns timeDense(SampleAttention sa, AttentionInput input, Progress progress) {
        progress.begin("dense warm-up");
        warmUp(() -> sa.dense(input).close());
        progress.done();
        double[] millis = new double[repeats];
        Tensor last = null;
        for (int r = 0; r < repeats; r++) {
            progress.begin("dense " + (r + 1) + "/" + repeats);
            long t0 = System.nanoTime();
            try (AttentionTensor out = sa.dense(input)) {
                // stages return complete results (the Attention contract), so the clock stops here and
                // the copy to the host, which an engine keeping activations on its device never makes,
                // stays out of the time
                millis[r] = (System.nanoTime() - t0) / 1e6;
                if (r == repeats - 1) {
                    last = sa.engine().download(out);
                }
            }
            progress.done();
        }
        return new DenseRuns(millis, last);
    }

    /** Untimed runs: at least --warmup of them, and until --warmup-seconds have passed. */
    private void warmUp(Runnable run) {
        long start = System.nanoTime(), least = (long) (warmupSeconds * 1e9);
        for (int r = 0; r < warmup || System.nanoTime() - start < least; r++) {
            run.run();
        }
    }

    private SparseRuns timeSparse(SampleAttention sa, AttentionInput input, Tensor dense, Progress progress) {
        double[] total = new double[repeats], sample = new double[repeats], filter = new double[repeats],
                attend = new double[repeats];
        SparsePlan plan = null;
        AttentionStats stats = null;
        OutputError error = null;
        progress.begin("SampleAttention warm-up");
        warmUp(() -> sa.compute(input).close());
        progress.done();
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
                    try (Tensor out = sa.engine().download(result.output())) {
                        error = OutputError.of(out, dense);
                    }
                }
            }
            progress.done();
        }
        return new SparseRuns(total, sample, filter, attend, plan, stats, error);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double gflops(long pairs, int headDim, double millis) {
        return 4.0 * pairs * headDim / (millis * 1e6);
    }

    /** Mean estimated coverage over the sampled heads, or null when none was sampled. */
    private static Double meanCoverage(AttentionStats stats) {
        double[] finite = stats.perHead().stream().mapToDouble(HeadStats::estimatedCoverage)
                .filter(Double::isFinite).toArray();
        return finite.length == 0 ? null : Arrays.stream(finite).average().orElseThrow();
    }

    private static void print(PrintWriter w, BenchReport r) {
        w.printf(Locale.ROOT, "bench: %s workload, %d tokens, %d q-heads / %d kv-heads, d = %d, %s on %s (%s)%n",
                r.workload(), r.seqLen(), r.heads(), r.kvHeads(), r.headDim(), r.dtype(), r.backend(), r.device());
        w.printf(Locale.ROOT, "  dense             %10.2f ms  %8.1f GFLOP/s%n", r.dense().medianMs(), r.dense().gflops());
        BenchReport.Sparse s = r.sparse();
        w.printf(Locale.ROOT, "  SampleAttention   %10.2f ms  %8.1f GFLOP/s  (sample %.2f, filter %.2f, attend %.2f ms)%n",
                s.medianMs(), s.gflops(), s.sampleMs(), s.filterMs(), s.attendMs());
        w.printf(Locale.ROOT, "  speedup           %10.2fx%n", r.speedup());
        w.printf(Locale.ROOT, "  density %.4f, mean est. coverage %s, relative L2 vs dense %.2e%n", s.density(),
                s.meanCoverage() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.meanCoverage()), s.relL2VsDense());
        w.flush();
    }
}
