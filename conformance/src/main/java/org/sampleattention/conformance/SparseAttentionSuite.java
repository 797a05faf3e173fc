package org.sampleattention.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Criterion 2: sparse attention under fixed, hand-built plans (window only, scattered columns, dense heads) against the oracle.
 * Implement {@link #backend()}; or extend {@link BackendConformanceSuite} to get every suite at once.
 */
public interface SparseAttentionSuite extends BackendUnderTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#sparse")
    @DisplayName("2.1 sparse attention under a fixed plan matches the reference")
    default void rule2_1_sparseAttentionUnderFixedPlanMatchesReference(ConformanceCase c) {
        verify(c);
    }
}
