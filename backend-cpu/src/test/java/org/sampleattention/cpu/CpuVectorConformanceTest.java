package org.sampleattention.cpu;

import org.sampleattention.conformance.BackendConformanceSuite;
import org.sampleattention.spi.AttentionBackend;

/** The whole conformance kit on the cpu backend's Vector API kernels. */
class CpuVectorConformanceTest extends BackendConformanceSuite {

    @Override
    public AttentionBackend backend() {
        return CpuBackend.vector();
    }
}
