package org.sampleattention.select;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.Availability;

/**
 * Finds backends with {@link ServiceLoader} and probes each. A provider that cannot be loaded or
 * whose probe throws is listed as unavailable with the reason, never propagated: one broken jar on
 * the classpath must not hide the others.
 */
public final class BackendDiscovery {
    private BackendDiscovery() {
    }

    /** Every backend on the class loader's classpath, by descending priority then name. */
    public static List<BackendStatus> discover(ClassLoader loader) {
        List<AttentionBackend> found = new ArrayList<>();
        List<BackendStatus> broken = new ArrayList<>();
        Iterator<AttentionBackend> it = ServiceLoader.load(AttentionBackend.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                broken.add(new BackendStatus(String.valueOf(e.getMessage()), Integer.MIN_VALUE,
                        Availability.unavailable("provider could not be loaded: " + e), null));
            }
        }
        List<BackendStatus> result = probeAll(found);
        result.addAll(broken);
        return result;
    }

    public static List<BackendStatus> discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    /** Probes the given backends; sorted by descending priority, then name. */
    public static List<BackendStatus> probeAll(List<AttentionBackend> backends) {
        List<BackendStatus> result = new ArrayList<>();
        for (AttentionBackend b : backends) {
            result.add(probe(b));
        }
        result.sort(Comparator.comparingInt(BackendStatus::priority).reversed().thenComparing(BackendStatus::name));
        return result;
    }

    private static BackendStatus probe(AttentionBackend backend) {
        String name = backend.getClass().getName();
        try {
            name = backend.name();
            Availability availability = backend.probe();
            return new BackendStatus(name, backend.priority(), availability, backend);
        } catch (RuntimeException | LinkageError e) {
            return new BackendStatus(name, Integer.MIN_VALUE,
                    Availability.unavailable("probe failed: " + e), backend);
        }
    }
}
