package org.sampleattention.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionStats;
import org.sampleattention.DType;
import org.sampleattention.HeadStats;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.cli.image.PlanImage;
import org.sampleattention.cli.report.Json;
import org.sampleattention.cli.report.StatsFile;
import java.util.stream.IntStream;
import org.sampleattention.conformance.NearLosslessMeasurement;
import org.sampleattention.conformance.Workload;
import org.sampleattention.conformance.WorkloadSpec;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: dense attention against SampleAttention on an LLM-like workload, with a table and a picture. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run dense attention and SampleAttention on an LLM-like workload (16K tokens in f32, or on an "
                + "accelerator 128K in bf16; 8 q-heads, 2 kv-heads, d = 128 by default) on the best available backend; "
                + "print times (after a second of warm-up runs, the median of --repeats runs of each, as bench times "
                + "them), speedup, per-head density, estimated coverage and error against dense; write plan.png and "
                + "stats.json."})
final class DemoCommand implements Callable<Integer> {
    static final int DEFAULT_SEQ_LEN = 16_384;
    /**
     * On a backend ranked above the cpu backend, with bf16 (what accelerators run prefill in): an H200 at
     * 16K tokens times mostly launch overheads (0.69x on cuda), at 128K what SampleAttention is for (3.84x;
     * docs/results/h200-2026-11-29-session10-demo).
     */
    static final int ACCELERATOR_SEQ_LEN = 131_072;
    /** The exact f64 reference backend is some 50x slower than the CPU backend: keep its demo under a minute. */
    static final int REFERENCE_SEQ_LEN = 4_096;
    /** Warm-up before the timed runs, as bench's defaults: at least one run, and a second of them. */
    private static final int WARMUP_RUNS = 1;
    private static final double WARMUP_SECONDS = 1;
    /** Query rows per head on which the f64 oracle measures true coverage: a few seconds at 16K tokens. */
    private static final int COVERAGE_ROWS = 128;

    @Spec
    CommandSpec command;

    @Mixin
    WorkloadOptions workload;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "3",
            description = "Timed runs of each; the median is shown (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out",
            description = "Directory for plan.png and stats.json (default: ${DEFAULT-VALUE}).")
    Path outDir;

    @Mixin
    BackendOption backendOption;

    @Mixin
    SettingsOptions settings;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be at least 1, got " + repeats);
        }
        SampleAttentionConfig config = settings.config();
        AttentionBackend backend = backendOption.select();
        int tokens = seqLenFor(workload.seqLen, backend.name(), backend.priority());
        boolean accelerator = accelerator(backend.priority());
        boolean bf16 = accelerator && backend.capabilities().supports(DType.BF16);
        WorkloadSpec spec = workload.spec(tokens, bf16 ? DType.BF16 : DType.F32);
        if (!workload.seqLenGiven() && tokens == REFERENCE_SEQ_LEN) {
            note("only the exact reference backend is available, which is slow: running at " + tokens
                    + " tokens instead of " + DEFAULT_SEQ_LEN + " (--seq-len overrides)");
        } else if (accelerator && !(workload.seqLenGiven() && workload.dtypeGiven())) {
            note(backend.name() + " ranks as an accelerator: running at " + tokens + " tokens in "
                    + spec.dtype().name().toLowerCase(Locale.ROOT) + ", where it spends its time on attention rather "
                    + "than on launching kernels (--seq-len and --dtype override)");
        }
        BackendOption.requireSupports(backend, spec.dtype(), spec.headDim());
        Files.createDirectories(outDir);
        // no warm-up on the exact reference backend: its calls take seconds, and its times are not the point
        boolean warmUp = !backend.name().equals(ReferenceBackend.NAME);
        Figures figures;
        try (Progress progress = Progress.start("demo", 2 + TimedRuns.steps(repeats), output);
             AttentionEngine engine = backend.create()) {
            TimedRuns runs = new TimedRuns(warmUp ? WARMUP_RUNS : 0, warmUp ? WARMUP_SECONDS : 0, repeats, progress);
            figures = measure(new SampleAttention(engine, config), config, spec, runs, progress);
        }
        Path png = outDir.resolve("plan.png");
        Path stats = outDir.resolve("stats.json");
        PngFile.write(PlanImage.drawHeads(figures.plan(), 4, 256), png);
        Json.write(stats, figures.statsFile());
        PrintWriter w = command.commandLine().getOut();
        printTable(w, spec, figures);
        w.println();
        w.println("wrote " + png + " (every head's plan: window band blue, column stripes red, dense heads purple, "
                + "causal triangle grey) and " + stats);
        w.flush();
        return ExitCode.OK;
    }

    /**
     * The demo's length: the one asked for, else 4K on the slow reference backend, 128K on a backend ranked
     * above the cpu backend (an accelerator), 16K otherwise.
     */
    static int seqLenFor(Integer requested, String backend, int priority) {
        if (requested != null) {
            return requested;
        }
        if (backend.equals(ReferenceBackend.NAME)) {
            return REFERENCE_SEQ_LEN;
        }
        return accelerator(priority) ? ACCELERATOR_SEQ_LEN : DEFAULT_SEQ_LEN;
    }

    /** Whether a backend of this priority ranks above the cpu backend: an accelerator, by the SPI's order. */
    static boolean accelerator(int priority) {
        return priority > AttentionBackend.CPU_PRIORITY;
    }

    /** What the demo measured (median times in ms); no tensors, so nothing to free. */
    private record Figures(double denseMs, double sparseMs, double sampleMs, double filterMs, double attendMs,
                           SparsePlan plan, AttentionStats stats, StatsFile statsFile, OutputError error,
                           NearLosslessMeasurement coverage) {
    }

    private static Figures measure(SampleAttention sa, SampleAttentionConfig config, WorkloadSpec spec, TimedRuns runs,
                                   Progress progress) {
        progress.begin("generating " + spec.kind().name().toLowerCase(Locale.ROOT) + " workload");
        try (Workload work = Workload.generate(spec);
             ResidentInput resident = ResidentInput.upload(sa.engine(), work.input())) {
            AttentionInput input = resident.input();
            progress.done();
            try (TimedRuns.Dense dense = runs.dense(sa, input);
                 TimedRuns.Sparse sparse = runs.sparse(sa, input)) {
                progress.begin("measuring coverage and error");
                OutputError error = OutputError.of(sparse.lastOutput(), dense.lastOutput());
                NearLosslessMeasurement coverage = NearLosslessMeasurement.measure(work, sparse.plan(),
                        sparse.lastOutput(), config, COVERAGE_ROWS, IntStream.range(0, spec.qHeads()).toArray());
                progress.done();
                return new Figures(dense.medianMs(), sparse.medianMs(), TimedRuns.median(sparse.sampleMs()),
                        TimedRuns.median(sparse.filterMs()), TimedRuns.median(sparse.attendMs()), sparse.plan(),
                        sparse.stats(), StatsFile.of(work.input(), sparse.stats()), error, coverage);
            }
        }
    }

    private static void printTable(PrintWriter w, WorkloadSpec spec, Figures f) {
        AttentionStats stats = f.stats();
        OutputError error = f.error();
        NearLosslessMeasurement coverage = f.coverage();
        w.printf(Locale.ROOT, "SampleAttention demo: %s workload, %d tokens, %d q-heads / %d kv-heads, d = %d, %s%n",
                spec.kind().name().toLowerCase(Locale.ROOT), spec.keyLength(), spec.qHeads(), spec.kvHeads(),
                spec.headDim(), spec.dtype().name().toLowerCase(Locale.ROOT));
        w.printf(Locale.ROOT, "  backend           %s%n", stats.backend());
        w.printf(Locale.ROOT, "  device            %s%n", stats.device());
        w.printf(Locale.ROOT, "  dense             %10.1f ms%n", f.denseMs());
        w.printf(Locale.ROOT, "  SampleAttention   %10.1f ms  (sample %.1f, filter %.1f, attend %.1f ms)%n",
                f.sparseMs(), f.sampleMs(), f.filterMs(), f.attendMs());
        w.printf(Locale.ROOT, "  speedup           %10.2fx%n", f.denseMs() / f.sparseMs());
        w.printf(Locale.ROOT, "  density           %10.4f  (computed / causal query-key pairs)%n", stats.density());
        w.printf(Locale.ROOT, "  error vs dense    %10.2e  (relative L2 of the output)%n", error.overall());
        w.println();
        w.printf(Locale.ROOT, "  coverage          %10.4f  mean, %.4f min over heads (true attention recall on %d rows "
                + "per head)%n", coverage.meanCoverage(), coverage.minCoverage(), coverage.checkedRows());
        w.println();
        w.println("  head  kv-head  kind     plan    columns  density  coverage  min cov.  est. cov.  error vs dense");
        for (HeadStats h : stats.perHead()) {
            NearLosslessMeasurement.Head m = coverage.heads().get(h.qHead());
            w.printf(Locale.ROOT, "  %4d  %7d  %-7s  %-6s  %7d  %7.4f  %8.4f  %8.4f  %9s  %14.2e%n", h.qHead(),
                    h.qHead() / (spec.qHeads() / spec.kvHeads()), m.kind().name().toLowerCase(Locale.ROOT),
                    h.dense() ? "dense" : "sparse", h.columns(), h.density(), m.meanCoverage(), m.minCoverage(),
                    Double.isFinite(h.estimatedCoverage())
                            ? String.format(Locale.ROOT, "%.4f", h.estimatedCoverage()) : "-",
                    error.perHead()[h.qHead()]);
        }
        w.println("  coverage: dense attention mass on the keys the plan gives a query (mean and min over checked rows);");
        w.println("  est. cov.: what the sampled queries predicted; error: relative L2 of the head's output against dense.");
    }

    private void note(String message) {
        command.commandLine().getErr().println("note: " + message);
        command.commandLine().getErr().flush();
    }
}
