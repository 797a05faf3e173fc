package org.sampleattention.spi;

import java.util.Locale;

/**
 * An on/off system property of a backend, such as {@code -Dsampleattention.cuda.hopper=off}: absent
 * means on; {@code on}, {@code true}, {@code yes}, {@code 1}, {@code auto} and the empty string mean on;
 * {@code off}, {@code false}, {@code no} and {@code 0} mean off; anything else is an error naming the
 * property, so that a typo is not silently read as either.
 */
public final class Switch {
    private Switch() {
    }

    /** Whether the property, read now, turns its feature on. */
    public static boolean on(String property) {
        return on(property, System.getProperty(property));
    }

    /** Whether {@code value} (null when the property is not set) turns the feature on. */
    public static boolean on(String property, String value) {
        if (value == null) {
            return true;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1", "auto", "" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("-D" + property + "=" + value + " is not understood: use on or off");
        };
    }
}
