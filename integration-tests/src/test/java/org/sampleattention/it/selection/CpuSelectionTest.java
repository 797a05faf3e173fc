package org.sampleattention.it.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Surefire execution {@code selection-cpu}: the api and backend-cpu only. */
class CpuSelectionTest {

    @Test
    void addingTheCpuJarSelectsTheCpuBackend() {
        assertEquals(List.of("cpu", "reference"), Discovered.names());
        assertEquals("cpu", Discovered.selector().select().name());
    }
}
