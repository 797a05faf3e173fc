package org.sampleattention.cli;

import picocli.CommandLine.Option;

/** How much the command says on stderr; every subcommand takes these. */
public final class OutputOptions {
    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    public boolean quiet() {
        return quiet;
    }
}
