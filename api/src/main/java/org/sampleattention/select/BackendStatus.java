package org.sampleattention.select;

import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.Availability;

/**
 * One discovered backend and what its probe said. {@code backend} is null when the provider itself
 * could not be loaded (then {@code name} is the provider's class name).
 */
public record BackendStatus(String name, int priority, Availability availability, AttentionBackend backend) {

    public boolean available() {
        return backend != null && availability.available();
    }

    /** One line for a diagnostics listing. */
    public String describe() {
        return name + " (priority " + priority + "): " + availability;
    }
}
