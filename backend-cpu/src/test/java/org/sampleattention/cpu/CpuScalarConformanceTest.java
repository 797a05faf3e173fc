package org.sampleattention.cpu;

import org.sampleattention.conformance.BackendConformanceSuite;
import org.sampleattention.spi.AttentionBackend;

/** The whole conformance kit on the cpu backend's scalar kernels (the path taken without the Vector API). */
class CpuScalarConformanceTest extends BackendConformanceSuite {

    @Override
    public AttentionBackend backend() {
        return CpuBackend.scalar();
    }
}
