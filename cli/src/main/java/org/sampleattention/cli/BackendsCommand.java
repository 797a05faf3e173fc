package org.sampleattention.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sampleattention.select.BackendSelector;
import org.sampleattention.select.BackendStatus;
import org.sampleattention.spi.AttentionBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code backends}: every backend found, available or not and why, its device and capabilities. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List every backend on the classpath: available or not and why, device, capabilities. "
                + "'*' marks the one used when none is requested. Long reasons are cut to their first line "
                + "unless --verbose.")
final class BackendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        BackendSelector selector = BackendSelector.fromEnvironment();
        AttentionBackend chosen = defaultChoice(selector);
        PrintWriter w = spec.commandLine().getOut();
        if (selector.discovered().isEmpty()) {
            w.println("no backends found on the classpath");
        }
        for (BackendStatus s : selector.discovered()) {
            boolean isDefault = chosen != null && s.backend() == chosen;
            w.println((isDefault ? "* " : "  ") + s.name() + " (priority " + s.priority() + "): "
                    + (s.available() ? "available" : "unavailable"));
            w.println("      device:       " + s.availability().device());
            w.println("      reason:       " + (output.verbose ? s.availability().reason()
                    : BackendOption.firstLine(s.availability().reason())));
            w.println("      capabilities: " + capabilities(s));
        }
        String requested = selector.requestedName();
        if (requested != null) {
            w.println("requested by -D" + BackendSelector.PROPERTY + " or $" + BackendSelector.ENVIRONMENT + ": "
                    + requested);
        }
        w.flush();
        return ExitCode.OK;
    }

    private static AttentionBackend defaultChoice(BackendSelector selector) {
        try {
            return selector.select();
        } catch (RuntimeException noneOrUnknown) {
            return null; // the listing itself shows why
        }
    }

    private static String capabilities(BackendStatus s) {
        if (s.backend() == null) {
            return "unknown (the provider could not be loaded)";
        }
        try {
            return s.backend().capabilities().toString();
        } catch (RuntimeException | LinkageError e) {
            return "unknown (" + e + ")";
        }
    }
}
