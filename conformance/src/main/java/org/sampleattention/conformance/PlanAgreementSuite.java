package org.sampleattention.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Criterion 3: sampling and filtering against the reference backend's scores and plans.
 * Implement {@link #backend()}; or extend {@link BackendConformanceSuite} to get every suite at once.
 */
public interface PlanAgreementSuite extends BackendUnderTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#scores")
    @DisplayName("3.1 sampled column scores match the reference")
    default void rule3_1_sampledColumnScoresMatchReference(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#filter")
    @DisplayName("3.2 filtering the reference scores selects the reference columns")
    default void rule3_2_filterOfReferenceScoresMatchesReference(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#plan")
    @DisplayName("3.3 sampling and filtering select the reference columns")
    default void rule3_3_sampledAndFilteredPlanMatchesReference(ConformanceCase c) {
        verify(c);
    }
}
