package org.sampleattention.it.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sampleattention.select.BackendStatus;

/**
 * Surefire execution {@code selection-cpu-opencl}: the api, backend-cpu and backend-opencl. With
 * PoCL (as CI installs it) the OpenCL device is a CPU, which must rank below the cpu backend.
 */
class CpuAndOpenClSelectionTest {

    @Test
    void theCpuBackendStillWinsOverOpenClOnACpuDevice() {
        assertEquals(List.of("cpu", "opencl", "reference"), Discovered.names());
        assertEquals("cpu", Discovered.selector().select().name());
    }

    @Test
    void poclsCpuDeviceIsAvailableButRanksBelowTheCpuBackend() {
        BackendStatus opencl = Discovered.status("opencl");
        assumeTrue(opencl.available(), () -> "no OpenCL device here: " + opencl.describe());
        assumeTrue(opencl.availability().device().contains("CPU"),
                () -> "the OpenCL device is not a CPU: " + opencl.describe());
        assertEquals(150, opencl.priority(), opencl.describe());
        assertTrue(opencl.priority() < Discovered.status("cpu").priority());
    }
}
