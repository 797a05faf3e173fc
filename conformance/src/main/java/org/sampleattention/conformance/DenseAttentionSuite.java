package org.sampleattention.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Criterion 1: dense attention against the kit's f64 oracle, on shapes with tails (odd lengths and head dims, GQA, Nq &lt; Nk, causal and not) in every dtype.
 * Implement {@link #backend()}; or extend {@link BackendConformanceSuite} to get every suite at once.
 */
public interface DenseAttentionSuite extends BackendUnderTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#dense")
    @DisplayName("1.1 dense attention matches the reference")
    default void rule1_1_denseAttentionMatchesReference(ConformanceCase c) {
        verify(c);
    }
}
