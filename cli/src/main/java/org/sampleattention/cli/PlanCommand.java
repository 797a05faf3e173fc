package org.sampleattention.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.cli.image.PlanImage;
import org.sampleattention.cli.report.Json;
import org.sampleattention.cli.report.PlanFile;
import org.sampleattention.conformance.Workload;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plan}: draws one head's plan (and optionally the sampled attention) as a PNG. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Draw a head's sparse plan as a PNG: the local window band and the selected column stripes "
                + "over the causal triangle; with --heatmap, the sampled attention beside it.",
                "The plan comes from a JSON file written by 'run --plan', or is computed from Q/K/V files or from "
                + "a generated workload (--seq-len with the workload options)."})
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--from-plan", paramLabel = "FILE", required = true, description = "A plan JSON file ('run --plan').")
        Path planFile;

        @ArgGroup(exclusive = false, heading = "Compute the plan from tensor files:%n")
        InputFiles files;

        @ArgGroup(exclusive = false, heading = "Compute the plan from a generated workload:%n")
        WorkloadOptions generated;
    }

    @Option(names = "--png", paramLabel = "FILE", required = true, description = "The image to write.")
    Path png;

    @Option(names = "--head", paramLabel = "H", defaultValue = "0", description = "The q-head to draw (default: ${DEFAULT-VALUE}).")
    int head;

    @Option(names = "--heatmap", description = "Also draw the sampled attention as a heat map (needs tensor inputs).")
    boolean heatmap;

    @Option(names = "--size", paramLabel = "PIXELS", defaultValue = "800", description = "Panel width in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Mixin
    BackendOption backendOption;

    @Mixin
    SettingsOptions settings;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        SampleAttentionConfig config = settings.config();
        if (source.planFile != null) {
            if (heatmap) {
                throw new IllegalArgumentException("--heatmap needs the sampled attention: give --q/--k/--v or a "
                        + "workload instead of --from-plan");
            }
            SparsePlan plan = Json.read(source.planFile, PlanFile.class).toPlan(config.causal());
            return draw(plan, null);
        }
        if (source.generated != null) {
            if (!source.generated.seqLenGiven()) {
                throw new IllegalArgumentException("--seq-len is required with a generated workload");
            }
            try (Workload work = Workload.generate(source.generated.spec(source.generated.seqLen))) {
                return drawSampled(work.input(), config);
            }
        }
        try (LoadedInput loaded = source.files.load()) {
            return drawSampled(loaded.input(), config);
        }
    }

    private int drawSampled(AttentionInput input, SampleAttentionConfig config) throws IOException {
        AttentionBackend backend = backendOption.select();
        BackendOption.requireSupports(backend, input.dtype(), input.headDim());
        try (AttentionEngine engine = backend.create();
             ResidentInput resident = ResidentInput.upload(engine, input)) {
            return drawSampled(engine, resident.input(), config);
        }
    }

    /** Samples and filters as SampleAttention would, then draws. */
    int drawSampled(AttentionEngine engine, AttentionInput input, SampleAttentionConfig config) throws IOException {
        requireHead(input.qHeads());
        if (input.keyLength() < config.minSparseLength() && !heatmap) {
            MaskGeometry g = new MaskGeometry(input.queryLength(), input.keyLength(),
                    config.windowFor(input.keyLength()), config.causal());
            note("Nk = " + input.keyLength() + " is below --min-sparse-length " + config.minSparseLength()
                    + ": SampleAttention runs dense (lower --min-sparse-length to see the sparse plan)");
            return draw(SparsePlan.allDense(g, input.qHeads(), input.kvHeads()), null);
        }
        try (Progress progress = Progress.start("plan", 1, output);
             ColumnScores scores = engine.sampler().sample(input, config)) {
            progress.begin("sampling and filtering");
            SparsePlan plan = engine.filter().filter(scores, config);
            progress.done();
            if (input.keyLength() < config.minSparseLength()) {
                note("Nk = " + input.keyLength() + " is below --min-sparse-length " + config.minSparseLength()
                        + ": SampleAttention would run dense; drawn is the plan the filter makes");
            }
            return draw(plan, heatmap ? scores.toHost() : null);
        }
    }

    private int draw(SparsePlan plan, HostColumnScores scores) throws IOException {
        requireHead(plan.qHeads());
        PngFile.write(PlanImage.draw(plan, head, scores, size), png);
        HeadPlan p = plan.head(head);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s: q-head %d (kv-head %d), %s, window %d, density %.4f%n", png, head, p.kvHead(),
                p.dense() ? "dense" : p.columnCount() + " columns", p.window(), plan.density(head));
        w.flush();
        return ExitCode.OK;
    }

    private void requireHead(int qHeads) {
        if (head < 0 || head >= qHeads) {
            throw new IllegalArgumentException("--head " + head + " is out of range: the input has q-heads 0.."
                    + (qHeads - 1));
        }
    }

    private void note(String message) {
        spec.commandLine().getErr().println("note: " + message);
        spec.commandLine().getErr().flush();
    }
}
