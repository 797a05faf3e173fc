package org.sampleattention.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sampleattention.conformance.ConformanceReport;
import org.sampleattention.conformance.ReportComparison;
import org.sampleattention.conformance.ReportReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code conformance compare}: merges JSON reports from several machines into one Markdown table. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Merge conformance.json reports (from this and other machines) into one Markdown table: "
                + "a row per case, a column per backend and device."})
final class CompareReportsCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(paramLabel = "REPORT.json", arity = "1..*", description = "Reports written by 'conformance'.")
    List<Path> reports;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the table here instead of standard output.")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<ConformanceReport> all = new ArrayList<>();
        for (Path p : reports) {
            all.addAll(ReportReader.readJson(p));
        }
        String table = ReportComparison.markdown(all);
        if (out == null) {
            command.commandLine().getOut().print(table);
            command.commandLine().getOut().flush();
        } else {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, table);
            command.commandLine().getOut().println("wrote " + out);
        }
        return ExitCode.OK;
    }
}
