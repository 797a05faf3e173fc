package org.sampleattention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.Tensor;
import org.sampleattention.cli.report.Json;
import org.sampleattention.cli.report.PlanFile;
import org.sampleattention.cli.report.StatsFile;
import org.sampleattention.cli.tensorfile.LoadedTensor;
import org.sampleattention.cli.tensorfile.TensorFileFormat;
import org.sampleattention.cli.tensorfile.TensorFiles;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run}: SampleAttention (or dense, or a given plan) on tensors read from files. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run SampleAttention on Q/K/V tensor files and write the output in the input's format and dtype.",
                "With --use-plan FILE, skip sampling and attend under a plan written earlier by --plan."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InputFiles inputs;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "Output [heads, tokens, headDim], same format (extension), dtype and batch layout as --q.")
    Path out;

    @Option(names = "--out-name", paramLabel = "NAME", defaultValue = "out",
            description = "Tensor name of the output in a .safetensors file (default: ${DEFAULT-VALUE}).")
    String outName;

    @Option(names = "--dense", description = "Dense attention instead of SampleAttention.")
    boolean dense;

    @Option(names = "--plan", paramLabel = "FILE", description = "Write the sparse plan as JSON.")
    Path planOut;

    @Option(names = "--use-plan", paramLabel = "FILE", description = "Attend under this plan (JSON as --plan writes) instead of sampling.")
    Path planIn;

    @Option(names = "--stats", paramLabel = "FILE", description = "Write statistics (times, per-head density and coverage) as JSON.")
    Path statsOut;

    @Mixin
    BackendOption backendOption;

    @Mixin
    SettingsOptions settings;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (dense && planIn != null) {
            throw new IllegalArgumentException("--dense and --use-plan exclude each other");
        }
        SampleAttentionConfig config = settings.config();
        SparsePlan givenPlan = planIn == null ? null : Json.read(planIn, PlanFile.class).toPlan(config.causal());
        try (Progress progress = Progress.start("run", 3, output);
             LoadedInput loaded = load(progress)) {
            AttentionInput input = loaded.input();
            LoadedTensor q = loaded.queries();
            TensorFileFormat outFormat = TensorFileFormat.of(out);
            if (outFormat != q.format()) {
                throw new IllegalArgumentException("--out " + out + " must be a " + q.format().extension()
                        + " file like --q: the output is written in the input's format");
            }
            if (givenPlan != null) {
                givenPlan.requireFits(input, config);
            }
            AttentionBackend backend = backendOption.select();
            BackendOption.requireSupports(backend, input.dtype(), input.headDim());
            progress.begin(dense ? "dense attention" : "SampleAttention");
            try (AttentionEngine engine = backend.create();
                 ResidentInput resident = ResidentInput.upload(engine, input)) {
                SampleAttention sa = new SampleAttention(engine, config);
                try (SampleAttentionResult result = dense ? FixedPlanAttention.dense(sa, resident.input())
                        : givenPlan != null ? FixedPlanAttention.withPlan(sa, resident.input(), givenPlan)
                        : sa.compute(resident.input());
                     Tensor host = engine.download(result.output())) {
                    progress.done();
                    progress.begin("writing " + out.getFileName());
                    TensorFiles.write(out, outFormat, host, q.batched(), outName);
                    if (planOut != null) {
                        Json.write(planOut, PlanFile.of(result.plan()));
                    }
                    if (statsOut != null) {
                        Json.write(statsOut, StatsFile.of(input, result.stats()));
                    }
                    progress.done();
                    summarize(spec.commandLine().getOut(), input, result);
                }
            }
        }
        return ExitCode.OK;
    }

    private LoadedInput load(Progress progress) throws java.io.IOException {
        progress.begin("reading tensors");
        LoadedInput loaded = inputs.load();
        progress.done();
        return loaded;
    }

    private void summarize(PrintWriter w, AttentionInput input, SampleAttentionResult result) {
        var stats = result.stats();
        w.printf(Locale.ROOT, "%s: [%d, %d, %d] %s on %s (%s), %s, density %.4f, %.1f ms%n", out, input.qHeads(),
                input.queryLength(), input.headDim(), input.dtype().name().toLowerCase(Locale.ROOT), stats.backend(),
                stats.device(), dense ? "dense" : planIn != null ? "plan from " + planIn : "SampleAttention",
                stats.density(), stats.totalNanos() / 1e6);
        w.flush();
    }
}
