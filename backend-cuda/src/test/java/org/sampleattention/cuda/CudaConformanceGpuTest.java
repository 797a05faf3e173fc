package org.sampleattention.cuda;

import org.junit.jupiter.api.Tag;
import org.sampleattention.conformance.BackendConformanceSuite;
import org.sampleattention.spi.AttentionBackend;

/**
 * The conformance kit on the cuda backend (CI-sized cases; {@code -Dconformance.size=large} adds
 * 16K-128K). The kit skips every case with the probe's reason where no device exists.
 */
@Tag("gpu")
class CudaConformanceGpuTest extends BackendConformanceSuite {

    @Override
    public AttentionBackend backend() {
        return new CudaBackend();
    }
}
