package org.sampleattention.conformance;

import java.util.stream.Stream;

/** The {@code @MethodSource}s of the suites: the cases of each criterion at the size {@code -Dconformance.size} picks. */
public final class SuiteSources {
    private SuiteSources() {
    }

    public static Stream<ConformanceCase> dense() {
        return ConformanceCases.of(Criterion.DENSE_MATCHES_REFERENCE);
    }

    public static Stream<ConformanceCase> sparse() {
        return ConformanceCases.of(Criterion.SPARSE_MATCHES_REFERENCE);
    }

    public static Stream<ConformanceCase> scores() {
        return ConformanceCases.of(Criterion.SCORES_MATCH_REFERENCE);
    }

    public static Stream<ConformanceCase> filter() {
        return ConformanceCases.of(Criterion.FILTER_MATCHES_REFERENCE);
    }

    public static Stream<ConformanceCase> plan() {
        return ConformanceCases.of(Criterion.PLAN_MATCHES_REFERENCE);
    }

    public static Stream<ConformanceCase> coverage() {
        return ConformanceCases.of(Criterion.COVERAGE);
    }

    public static Stream<ConformanceCase> outputError() {
        return ConformanceCases.of(Criterion.OUTPUT_ERROR);
    }

    public static Stream<ConformanceCase> needle() {
        return ConformanceCases.of(Criterion.NEEDLE_RETRIEVED);
    }

    public static Stream<ConformanceCase> alphaOne() {
        return ConformanceCases.of(Criterion.ALPHA_ONE_IS_DENSE);
    }

    public static Stream<ConformanceCase> adaptive() {
        return ConformanceCases.of(Criterion.ADAPTIVE_COLUMNS);
    }

    public static Stream<ConformanceCase> nonFinite() {
        return ConformanceCases.of(Criterion.REJECTS_NON_FINITE);
    }

    public static Stream<ConformanceCase> foreignPlan() {
        return ConformanceCases.of(Criterion.REJECTS_FOREIGN_PLAN);
    }

    public static Stream<ConformanceCase> unsupportedDtype() {
        return ConformanceCases.of(Criterion.REJECTS_UNSUPPORTED_DTYPE);
    }

    public static Stream<ConformanceCase> unsupportedHeadDim() {
        return ConformanceCases.of(Criterion.REJECTS_UNSUPPORTED_HEAD_DIM);
    }

    public static Stream<ConformanceCase> mismatchedShapes() {
        return ConformanceCases.of(Criterion.REJECTS_MISMATCHED_SHAPES);
    }

    public static Stream<ConformanceCase> outOfRangeConfig() {
        return ConformanceCases.of(Criterion.REJECTS_OUT_OF_RANGE_CONFIG);
    }

    public static Stream<ConformanceCase> emptySequence() {
        return ConformanceCases.of(Criterion.REJECTS_EMPTY_SEQUENCE);
    }
}
