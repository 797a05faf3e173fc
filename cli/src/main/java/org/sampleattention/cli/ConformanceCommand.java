package org.sampleattention.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sampleattention.conformance.CaseResult;
import org.sampleattention.conformance.ConformanceCase;
import org.sampleattention.conformance.ConformanceCases;
import org.sampleattention.conformance.ConformanceReport;
import org.sampleattention.conformance.ConformanceRunner;
import org.sampleattention.conformance.ConformanceSize;
import org.sampleattention.conformance.ReportWriter;
import org.sampleattention.select.BackendSelector;
import org.sampleattention.select.BackendStatus;
import org.sampleattention.spi.AttentionBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conformance}: runs the conformance kit on one or every available backend and writes the reports. */
@Command(name = "conformance", mixinStandardHelpOptions = true, subcommands = CompareReportsCommand.class,
        description = {"Run the conformance kit against a backend (or every available one with --backend all) and "
                + "write conformance.json and conformance.md. Exit status 1 if any case fails."})
final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--backend", paramLabel = "NAME|all",
            description = "Backend to check, or 'all' for every available one (default: the one selection picks).")
    String backend;

    @Option(names = "--size", paramLabel = "small|large", defaultValue = "small",
            description = "Case sizes: small (minutes) or large (long sequences) (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "conformance-report",
            description = "Directory for the JSON and Markdown reports (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--sample-ratio", paramLabel = "R",
            description = "Run the plan (3.x) and near-lossless (4.x) cases at this sample ratio instead of the "
                    + "default, their ids marked with it: do the criteria hold at the settings you deploy?")
    Double sampleRatio;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        ConformanceSize caseSize = switch (size.toLowerCase(Locale.ROOT)) {
            case "small" -> ConformanceSize.SMALL;
            case "large" -> ConformanceSize.LARGE;
            default -> throw new IllegalArgumentException("--size must be small or large, got '" + size + "'");
        };
        List<AttentionBackend> targets = targets();
        Files.createDirectories(reportDir);
        PrintWriter w = command.commandLine().getOut();
        List<ConformanceReport> reports = new ArrayList<>();
        List<ConformanceCase> cases = ConformanceCases.all(caseSize);
        if (sampleRatio != null) {
            cases = ConformanceCases.atSampleRatio(cases, sampleRatio);
        }
        try (Progress progress = Progress.start("conformance", targets.size() * cases.size(), output)) {
            for (AttentionBackend b : targets) {
                progress.begin(b.name());
                reports.add(ConformanceRunner.run(b, cases, result -> {
                    progress.begin(b.name() + ": " + result.caseId());
                    progress.done();
                }));
            }
        }
        Path json = reportDir.resolve("conformance.json");
        Path markdown = reportDir.resolve("conformance.md");
        ReportWriter.writeJson(reports, json);
        ReportWriter.writeMarkdown(reports, markdown);
        boolean passed = true;
        for (ConformanceReport r : reports) {
            passed &= summarize(w, r);
        }
        w.println("wrote " + json + " and " + markdown);
        w.flush();
        return passed ? ExitCode.OK : ExitCode.FAILED;
    }

    private List<AttentionBackend> targets() {
        if (backend == null || !backend.trim().equalsIgnoreCase("all")) {
            BackendOption option = new BackendOption();
            option.name = backend;
            return List.of(option.select());
        }
        List<AttentionBackend> all = new ArrayList<>();
        for (BackendStatus s : BackendSelector.fromEnvironment().discovered()) {
            if (s.available()) {
                all.add(s.backend());
            } else {
                note("skipping " + s.name() + ": " + s.availability());
            }
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("no attention backend is available");
        }
        return all;
    }

    /** Prints one backend's tally and its failures; true if nothing failed. */
    private static boolean summarize(PrintWriter w, ConformanceReport r) {
        w.println((r.passed() ? "PASS " : "FAIL ") + r.summary());
        for (CaseResult c : r.failures()) {
            w.printf(Locale.ROOT, "  FAIL %s [%s]: measured %.3g, tolerance %.3g: %s%n", c.caseId(), c.criterion(),
                    c.measured(), c.tolerance(), c.detail());
        }
        return r.passed();
    }

    private void note(String message) {
        command.commandLine().getErr().println("note: " + message);
        command.commandLine().getErr().flush();
    }
}
