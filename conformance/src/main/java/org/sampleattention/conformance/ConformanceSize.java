package org.sampleattention.conformance;

import java.util.Locale;

/** Which cases run: CI-sized ones, or those plus long-context (16K-128K) cases for a GPU host. */
public enum ConformanceSize {
    SMALL,
    LARGE;

    /** The system property that picks the size for the JUnit suites: {@code small} (default) or {@code large}. */
    public static final String PROPERTY = "conformance.size";

    /** The size named by {@value #PROPERTY}, SMALL when unset. */
    public static ConformanceSize fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return SMALL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not a size: use small or large", e);
        }
    }
}
