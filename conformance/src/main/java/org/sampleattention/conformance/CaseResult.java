package org.sampleattention.conformance;

import java.util.Objects;

/**
 * One case's outcome on one backend.
 *
 * @param criterion the numbered criterion, for example {@code "1.1 dense attention matches the reference"}
 * @param measured  what the case measured (an error, a coverage, a Jaccard index; NaN when nothing was)
 * @param tolerance the bound it was held to
 * @param detail    why it passed, failed or was skipped, in words
 * @param millis    wall time of the case
 */
public record CaseResult(String caseId, String criterion, Verdict verdict, double measured, double tolerance,
                         String detail, long millis) {

    public CaseResult {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
    }

    public CaseResult withMillis(long value) {
        return new CaseResult(caseId, criterion, verdict, measured, tolerance, detail, value);
    }
}
