package org.sampleattention.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.sampleattention.DType;
import org.sampleattention.select.BackendDiscovery;
import org.sampleattention.select.BackendSelector;
import org.sampleattention.select.BackendStatus;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.Capabilities;
import picocli.CommandLine.Option;

/** {@code --backend NAME}: the backend to run on, else the one selection picks (property, environment, priority). */
public final class BackendOption {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend to use (see 'sampleattention backends'); default: -Dsampleattention.backend, "
                    + "then $SAMPLEATTENTION_BACKEND, then the available backend of highest priority.")
    String name;

    /**
     * The chosen backend, or an exception whose one-line message lists what was found. A backend asked
     * for by name is the only one probed, so other backends' native libraries stay unloaded.
     */
    public AttentionBackend select() {
        String wanted = name != null ? name.trim()
                : new BackendSelector(List.of(), System::getProperty, System::getenv).requestedName();
        if (wanted != null) {
            List<AttentionBackend> named = providersNamed(wanted);
            if (!named.isEmpty()) {
                return select(new BackendSelector(BackendDiscovery.probeAll(named), p -> null, e -> null), wanted);
            }
        }
        return select(BackendSelector.fromEnvironment(), wanted);
    }

    private static List<AttentionBackend> providersNamed(String wanted) {
        List<AttentionBackend> named = new ArrayList<>();
        Iterator<AttentionBackend> it = ServiceLoader.load(AttentionBackend.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return named;
                }
                AttentionBackend b = it.next();
                if (wanted.equals(b.name())) {
                    named.add(b);
                }
            } catch (ServiceConfigurationError | RuntimeException | LinkageError broken) {
                // a provider that cannot load is listed, with why, by the full discovery
            }
        }
    }

    private static AttentionBackend select(BackendSelector selector, String wanted) {
        List<BackendStatus> found = selector.discovered();
        if (wanted == null) {
            return found.stream().filter(BackendStatus::available).findFirst().map(BackendStatus::backend)
                    .orElseThrow(() -> new IllegalStateException("no attention backend is available: "
                            + summary(found)));
        }
        for (BackendStatus s : found) {
            if (s.name().equals(wanted)) {
                if (!s.available()) {
                    throw new IllegalStateException("backend '" + wanted + "' is unavailable: "
                            + firstLine(s.availability().reason()));
                }
                return selector.select(wanted); // also rejects two jars claiming one name
            }
        }
        throw new IllegalArgumentException("unknown backend '" + wanted + "': found " + summary(found));
    }

    /** Rejects, before any work, an input the backend does not claim to handle. */
    public static void requireSupports(AttentionBackend backend, DType dtype, int headDim) {
        Capabilities caps = backend.capabilities();
        if (!caps.supports(dtype)) {
            throw new IllegalArgumentException("backend " + backend.name() + " does not support " + dtype
                    + " inputs (it supports " + caps.dtypes() + ")");
        }
        if (!caps.supportsHeadDim(headDim)) {
            throw new IllegalArgumentException("backend " + backend.name() + " does not support head dim " + headDim
                    + " (it supports " + caps.minHeadDim() + ".." + caps.maxHeadDim()
                    + (caps.headDimStep() > 1 ? " in steps of " + caps.headDimStep() : "") + ")");
        }
    }

    /** A probe's reason may quote a native loader's multi-line message; listings show its first line. */
    static String firstLine(String reason) {
        int newline = reason.indexOf('\n');
        return newline < 0 ? reason : reason.substring(0, newline).strip() + " ...";
    }

    private static String summary(List<BackendStatus> found) {
        if (found.isEmpty()) {
            return "none";
        }
        return found.stream()
                .map(s -> s.name() + (s.available() ? " (available)" : " (unavailable: " + firstLine(s.availability().reason()) + ")"))
                .collect(Collectors.joining(", "));
    }
}
