package org.sampleattention.it.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Surefire execution {@code selection-property}: every backend, {@code -Dsampleattention.backend=reference}. */
class PropertyOverrideSelectionTest {

    @Test
    void theSystemPropertyOverridesPriority() {
        assertTrue(Discovered.names().contains("cpu"), Discovered.names().toString());
        assertEquals("reference", System.getProperty("sampleattention.backend"));
        assertEquals("reference", Discovered.selector().select().name());
    }
}
