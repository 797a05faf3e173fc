package org.sampleattention.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Criterion 4: near-lossless behaviour of the whole pipeline on LLM-like workloads, measured by the kit's own oracle.
 * Implement {@link #backend()}; or extend {@link BackendConformanceSuite} to get every suite at once.
 */
public interface NearLosslessSuite extends BackendUnderTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#coverage")
    @DisplayName("4.1 mean true coverage reaches alpha - 0.02")
    default void rule4_1_meanTrueCoverageReachesAlphaMinusSlack(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#outputError")
    @DisplayName("4.2 output error against dense attention stays bounded")
    default void rule4_2_outputErrorAgainstDenseIsBounded(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#needle")
    @DisplayName("4.3 the needle value reaches the last queries")
    default void rule4_3_needleValueReachesLastQueries(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#alphaOne")
    @DisplayName("4.4 alpha = 1 reproduces dense attention")
    default void rule4_4_alphaOneReproducesDense(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#adaptive")
    @DisplayName("4.5 heads of different kinds get different column counts")
    default void rule4_5_headKindsGetDifferentColumnCounts(ConformanceCase c) {
        verify(c);
    }
}
