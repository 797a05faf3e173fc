package org.sampleattention.spi;

import java.util.Objects;

/** A backend's answer to {@code probe()}: usable or not, why, and on which device. */
public record Availability(boolean available, String reason, String device) {

    public Availability {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(device, "device");
    }

    /** Usable on {@code device} (as {@code backends} shows it), with what was found as the reason. */
    public static Availability available(String device, String reason) {
        return new Availability(true, reason, device);
    }

    /** Not usable here, and why, in words that tell a user what to install or change. */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason, "none");
    }

    @Override
    public String toString() {
        return available ? "available on " + device + " (" + reason + ")" : "unavailable: " + reason;
    }
}
