package org.sampleattention.it.selection;

import java.util.List;
import org.sampleattention.select.BackendSelector;
import org.sampleattention.select.BackendStatus;

/** What this JVM's real classpath, system properties and environment make of backend selection. */
final class Discovered {
    private Discovered() {
    }

    static BackendSelector selector() {
        return BackendSelector.fromEnvironment();
    }

    static List<String> names() {
        return selector().discovered().stream().map(BackendStatus::name).sorted().toList();
    }

    static BackendStatus status(String name) {
        return selector().discovered().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not discovered: " + selector().diagnostics()));
    }
}
