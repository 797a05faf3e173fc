package org.sampleattention.opencl;

import org.sampleattention.conformance.BackendConformanceSuite;
import org.sampleattention.spi.AttentionBackend;

/** The conformance kit at CI size on whatever OpenCL device is chosen (PoCL in CI). */
class OpenClConformanceTest extends BackendConformanceSuite {

    @Override
    public AttentionBackend backend() {
        return new OpenClBackend();
    }
}
