package org.sampleattention.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionStats;
import org.sampleattention.HeadStats;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
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
                + "backend's device first; a timed run stops its clock when the stage returns its complete "
                + "result, and only the last run's output is copied to the host (untimed) for the error.",
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
        try (Progress progress = Progress.start("bench", 1 + TimedRuns.steps(repeats), output);
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
        TimedRuns runs = new TimedRuns(warmup, warmupSeconds, repeats, progress);
        try (TimedRuns.Dense dense = runs.dense(sa, input);
             TimedRuns.Sparse sparse = runs.sparse(sa, input)) {
            SparsePlan plan = sparse.plan();
            long densePairs = plan.geometry().densePairs() * (long) spec.qHeads();
            long sparsePairs = 0;
            for (int h = 0; h < plan.qHeads(); h++) {
                sparsePairs += plan.pairs(h);
            }
            double denseMedian = dense.medianMs(), sparseMedian = sparse.medianMs();
            OutputError error = OutputError.of(sparse.lastOutput(), dense.lastOutput());
            return new BenchReport(sparse.stats().backend(), sparse.stats().device(), spec.keyLength(), spec.qHeads(),
                    spec.kvHeads(), spec.headDim(), spec.dtype().name().toLowerCase(Locale.ROOT),
                    spec.kind().name().toLowerCase(Locale.ROOT),
                    new BenchReport.Dense(denseMedian, gflops(densePairs, spec.headDim(), denseMedian)),
                    new BenchReport.Sparse(sparseMedian, gflops(sparsePairs, spec.headDim(), sparseMedian),
                            TimedRuns.median(sparse.sampleMs()), TimedRuns.median(sparse.filterMs()),
                            TimedRuns.median(sparse.attendMs()), plan.density(), meanCoverage(sparse.stats()),
                            error.overall()),
                    denseMedian / sparseMedian);
        }
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
