package org.sampleattention.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sampleattention} command. */
@Command(name = "sampleattention", mixinStandardHelpOptions = true, version = "sampleattention 0.1.0",
        description = "SampleAttention (adaptive structured sparse attention) on the JVM.",
        subcommands = {DemoCommand.class, RunCommand.class, BenchCommand.class, BackendsCommand.class,
                ConformanceCommand.class, PlanCommand.class},
        footer = {"", "Exit status: 0 done, 1 a conformance case failed, 2 bad input, 3 internal error."})
public final class SampleAttentionCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line and returns its exit status; output and errors go to the given writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        ErrorHandler handler = new ErrorHandler();
        CommandLine cli = new CommandLine(new SampleAttentionCli())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(handler)
                .setParameterExceptionHandler(handler);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return ErrorHandler.report(e, err, java.util.Arrays.asList(args).contains("--verbose"));
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
