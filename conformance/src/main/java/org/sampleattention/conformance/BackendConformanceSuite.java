package org.sampleattention.conformance;

import org.sampleattention.spi.AttentionBackend;

/**
 * Every suite of the kit in one class to extend:
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendConformanceSuite {
 *     @Override
 *     public AttentionBackend backend() {
 *         return new MyBackend();
 *     }
 * }
 * }</pre>
 *
 * Test names carry the numbered criteria of docs/conformance.md; cases the backend's declared
 * {@link org.sampleattention.spi.Capabilities} exclude are reported as skipped with the reason.
 * {@code -Dconformance.size=large} adds 16K-128K cases.
 */
public abstract class BackendConformanceSuite implements DenseAttentionSuite, SparseAttentionSuite,
        PlanAgreementSuite, NearLosslessSuite, InputValidationSuite {

    @Override
    public abstract AttentionBackend backend();
}
