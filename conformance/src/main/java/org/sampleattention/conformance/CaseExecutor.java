package org.sampleattention.conformance;

import java.util.Optional;
import org.sampleattention.spi.AttentionBackend;

/**
 * Runs one case on one backend: capability gate first (an undeclared dtype or head dim skips the
 * case with its reason), then the criterion's check. Any exception a check did not expect is a
 * failure that quotes it, so the report always says what went wrong.
 */
public final class CaseExecutor {
    private CaseExecutor() {
    }

    public static CaseResult execute(AttentionBackend backend, ConformanceCase c) {
        long t0 = System.nanoTime();
        try {
            return executeOrThrow(backend, c);
        } catch (RuntimeException | OutOfMemoryError | LinkageError e) {
            // a missing native library or an exhausted heap fails this case, not the whole run
            return new CaseResult(c.id(), c.criterion().label(), Verdict.FAIL, Double.NaN, c.tolerance(),
                    "threw " + e.getClass().getName() + ": " + e.getMessage(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Like {@link #execute}, but an unexpected exception propagates (the JUnit suites keep its stack trace). */
    public static CaseResult executeOrThrow(AttentionBackend backend, ConformanceCase c) {
        long t0 = System.nanoTime();
        CaseResult result = dispatch(backend, c);
        return result.withMillis((System.nanoTime() - t0) / 1_000_000);
    }

    private static CaseResult dispatch(AttentionBackend backend, ConformanceCase c) {
        boolean validation = c.criterion().number().startsWith("5.");
        if (!validation) {
            Optional<String> skip = CapabilityGate.skipReason(backend.capabilities(), c.workload());
            if (skip.isPresent()) {
                return new CaseResult(c.id(), c.criterion().label(), Verdict.SKIPPED, Double.NaN, c.tolerance(),
                        skip.get(), 0);
            }
        }
        return switch (c.criterion()) {
            case DENSE_MATCHES_REFERENCE, SPARSE_MATCHES_REFERENCE, ALPHA_ONE_IS_DENSE -> ExactnessCheck.run(backend, c);
            case SCORES_MATCH_REFERENCE, FILTER_MATCHES_REFERENCE, PLAN_MATCHES_REFERENCE ->
                    PlanAgreementCheck.run(backend, c);
            case COVERAGE, OUTPUT_ERROR, NEEDLE_RETRIEVED, ADAPTIVE_COLUMNS -> NearLosslessCheck.run(backend, c);
            default -> {
                if (c.criterion() == Criterion.REJECTS_NON_FINITE || c.criterion() == Criterion.REJECTS_FOREIGN_PLAN) {
                    Optional<String> skip = CapabilityGate.skipReason(backend.capabilities(), c.workload());
                    if (skip.isPresent()) {
                        yield new CaseResult(c.id(), c.criterion().label(), Verdict.SKIPPED, Double.NaN,
                                c.tolerance(), skip.get(), 0);
                    }
                }
                yield InputValidationCheck.run(backend, c);
            }
        };
    }
}
