package org.sampleattention.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Criterion 5: bad input is rejected with an IllegalArgumentException (or IllegalStateException) naming the problem.
 * Implement {@link #backend()}; or extend {@link BackendConformanceSuite} to get every suite at once.
 */
public interface InputValidationSuite extends BackendUnderTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#nonFinite")
    @DisplayName("5.1 NaN or infinite inputs are rejected")
    default void rule5_1_rejectsNonFiniteInputs(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#foreignPlan")
    @DisplayName("5.2 a plan made for another input is rejected")
    default void rule5_2_rejectsPlanForAnotherInput(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#unsupportedDtype")
    @DisplayName("5.3 an undeclared dtype is rejected")
    default void rule5_3_rejectsUndeclaredDtype(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#unsupportedHeadDim")
    @DisplayName("5.4 an undeclared head dim is rejected")
    default void rule5_4_rejectsUndeclaredHeadDim(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#mismatchedShapes")
    @DisplayName("5.5 mismatched shapes are rejected")
    default void rule5_5_rejectsMismatchedShapes(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#outOfRangeConfig")
    @DisplayName("5.6 out-of-range settings are rejected")
    default void rule5_6_rejectsOutOfRangeSettings(ConformanceCase c) {
        verify(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.sampleattention.conformance.SuiteSources#emptySequence")
    @DisplayName("5.7 empty sequences are rejected")
    default void rule5_7_rejectsEmptySequences(ConformanceCase c) {
        verify(c);
    }
}
