package org.sampleattention.it.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Surefire execution {@code selection-environment}: every backend, {@code SAMPLEATTENTION_BACKEND=reference}. */
class EnvironmentOverrideSelectionTest {

    @Test
    void theEnvironmentVariableOverridesPriority() {
        assertTrue(Discovered.names().contains("cpu"), Discovered.names().toString());
        assertNull(System.getProperty("sampleattention.backend"));
        assertEquals("reference", System.getenv("SAMPLEATTENTION_BACKEND"));
        assertEquals("reference", Discovered.selector().select().name());
    }
}
