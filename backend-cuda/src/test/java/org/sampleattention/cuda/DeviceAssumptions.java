package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.sampleattention.spi.Availability;

/** Skips a test, with the probe's reason, where no usable CUDA device exists. */
final class DeviceAssumptions {
    private DeviceAssumptions() {
    }

    static void assumeDevice() {
        Availability availability = new CudaBackend().probe();
        assumeTrue(availability.available(), () -> "no CUDA device: " + availability.reason());
    }
}
