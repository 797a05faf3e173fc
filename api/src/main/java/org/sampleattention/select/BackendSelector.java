package org.sampleattention.select;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.sampleattention.spi.AttentionBackend;

/**
 * Picks the backend to use: the one named by the system property {@value #PROPERTY}, else by the
 * environment variable {@value #ENVIRONMENT}, else the available backend with the highest priority
 * (ties by name). A requested backend that is unknown or unavailable fails with the whole list of
 * discovered backends and why each is or is not available; so do two backends claiming one name.
 */
public final class BackendSelector {
    public static final String PROPERTY = "sampleattention.backend";
    public static final String ENVIRONMENT = "SAMPLEATTENTION_BACKEND";

    private final List<BackendStatus> discovered;
    private final UnaryOperator<String> properties;
    private final UnaryOperator<String> environment;

    /**
     * @param discovered  the backends found, as {@link BackendDiscovery} lists them
     * @param properties  system property lookup (injectable for tests)
     * @param environment environment variable lookup (injectable for tests)
     */
    public BackendSelector(List<BackendStatus> discovered, UnaryOperator<String> properties,
                           UnaryOperator<String> environment) {
        this.discovered = discovered.stream()
                .sorted(Comparator.comparingInt(BackendStatus::priority).reversed()
                        .thenComparing(BackendStatus::name))
                .toList();
        this.properties = Objects.requireNonNull(properties);
        this.environment = Objects.requireNonNull(environment);
    }

    /** Selection over the current classpath, system properties and environment. */
    public static BackendSelector fromEnvironment() {
        return new BackendSelector(BackendDiscovery.discover(), System::getProperty, System::getenv);
    }

    public List<BackendStatus> discovered() {
        return discovered;
    }

    /** The backend name requested by property or environment, or null if none is. */
    public String requestedName() {
        String name = properties.apply(PROPERTY);
        if (name == null || name.isBlank()) {
            name = environment.apply(ENVIRONMENT);
        }
        return name == null || name.isBlank() ? null : name.trim();
    }

    public AttentionBackend select() {
        requireUniqueNames();
        String requested = requestedName();
        return requested != null ? select(requested) : selectBest();
    }

    /** The backend of this name, if discovered and available. */
    public AttentionBackend select(String name) {
        requireUniqueNames();
        for (BackendStatus s : discovered) {
            if (s.name().equals(name)) {
                if (!s.available()) {
                    throw new IllegalStateException("backend '" + name + "' was requested but is "
                            + s.availability() + "\n" + diagnostics());
                }
                return s.backend();
            }
        }
        throw new IllegalArgumentException("backend '" + name + "' was requested but not found on the classpath\n"
                + diagnostics());
    }

    private AttentionBackend selectBest() {
        return discovered.stream()
                .filter(BackendStatus::available)
                .findFirst() // ordered by descending priority, then name
                .map(BackendStatus::backend)
                .orElseThrow(() -> new IllegalStateException("no attention backend is available\n" + diagnostics()));
    }

    /** Every backend found, one line each, with why it is or is not available. */
    public String diagnostics() {
        if (discovered.isEmpty()) {
            return "backends found: none (is sampleattention-api on the classpath?)";
        }
        return discovered.stream().map(s -> "  " + s.describe())
                .collect(Collectors.joining("\n", "backends found:\n", ""));
    }

    private void requireUniqueNames() {
        Map<String, String> classByName = new LinkedHashMap<>();
        for (BackendStatus s : discovered) {
            if (s.backend() == null) {
                continue;
            }
            String cls = s.backend().getClass().getName();
            String previous = classByName.putIfAbsent(s.name(), cls);
            if (previous != null) {
                throw new IllegalStateException("two backends declare the name '" + s.name() + "': " + previous
                        + " and " + cls + "; remove one jar from the classpath");
            }
        }
    }
}
