package org.sampleattention.it.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Surefire execution {@code selection-api-only}: every backend jar is left off the classpath. */
class ApiOnlySelectionTest {

    @Test
    void onlyTheApiOnTheClasspathSelectsTheReferenceBackend() {
        assertEquals(List.of("reference"), Discovered.names());
        assertEquals("reference", Discovered.selector().select().name());
    }
}
