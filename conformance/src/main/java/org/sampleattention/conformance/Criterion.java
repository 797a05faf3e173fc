package org.sampleattention.conformance;

/**
 * The numbered rules of the kit (docs/conformance.md explains each and its tolerance). Like the
 * Reactive Streams TCK, every JUnit test method and every report row names the rule it checks.
 */
public enum Criterion {
    DENSE_MATCHES_REFERENCE("1.1", "dense attention matches the reference"),
    SPARSE_MATCHES_REFERENCE("2.1", "sparse attention under a fixed plan matches the reference"),
    SCORES_MATCH_REFERENCE("3.1", "sampled column scores match the reference"),
    FILTER_MATCHES_REFERENCE("3.2", "filtering the reference's scores selects the reference's columns"),
    PLAN_MATCHES_REFERENCE("3.3", "sampling and filtering select the reference's columns"),
    COVERAGE("4.1", "mean true coverage reaches alpha - 0.02"),
    OUTPUT_ERROR("4.2", "output error against dense attention stays bounded"),
    NEEDLE_RETRIEVED("4.3", "the needle's value reaches the last queries"),
    ALPHA_ONE_IS_DENSE("4.4", "alpha = 1 reproduces dense attention"),
    ADAPTIVE_COLUMNS("4.5", "heads of different kinds get different column counts"),
    REJECTS_NON_FINITE("5.1", "NaN or infinite inputs are rejected"),
    REJECTS_FOREIGN_PLAN("5.2", "a plan made for another input is rejected"),
    REJECTS_UNSUPPORTED_DTYPE("5.3", "an undeclared dtype is rejected"),
    REJECTS_UNSUPPORTED_HEAD_DIM("5.4", "an undeclared head dim is rejected"),
    REJECTS_MISMATCHED_SHAPES("5.5", "mismatched shapes are rejected"),
    REJECTS_OUT_OF_RANGE_CONFIG("5.6", "out-of-range settings are rejected"),
    REJECTS_EMPTY_SEQUENCE("5.7", "empty sequences are rejected");

    private final String number;
    private final String title;

    Criterion(String number, String title) {
        this.number = number;
        this.title = title;
    }

    public String number() {
        return number;
    }

    public String title() {
        return title;
    }

    /** Whether the outcome depends on the sampling stage's settings: the plan (3.x) and near-lossless (4.x) rules. */
    public boolean dependsOnSampling() {
        return number.startsWith("3.") || number.startsWith("4.");
    }

    /** {@code "1.1 dense attention matches the reference"}. */
    public String label() {
        return number + " " + title;
    }
}
