package com.example.attention;

import org.sampleattention.conformance.BackendConformanceSuite;
import org.sampleattention.spi.AttentionBackend;

/** The whole conformance kit, run on this backend: all a vendor writes to prove a backend. */
class RowBackendConformanceTest extends BackendConformanceSuite {

    @Override
    public AttentionBackend backend() {
        return new RowBackend();
    }
}
