package org.sampleattention.cuda;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionEngine;

/**
 * One cuda engine per test class and the reference engine to compare against; the class is skipped,
 * with the probe's reason, where no usable CUDA device exists.
 */
abstract class CudaEngineTest {
    static AttentionEngine cuda;
    static AttentionEngine reference;

    @BeforeAll
    static void start() {
        DeviceAssumptions.assumeDevice();
        cuda = new CudaBackend().create();
        reference = new ReferenceBackend().create();
    }

    @AfterAll
    static void stop() {
        if (cuda != null) {
            cuda.close();
            cuda = null;
        }
    }
}
