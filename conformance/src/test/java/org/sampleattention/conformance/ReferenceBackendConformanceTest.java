package org.sampleattention.conformance;

import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionBackend;

/** The oracle passes its own kit: every criterion, CI-sized cases (or large ones with -Dconformance.size=large). */
class ReferenceBackendConformanceTest extends BackendConformanceSuite {

    @Override
    public AttentionBackend backend() {
        return new ReferenceBackend();
    }
}
