package org.sampleattention.conformance;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.sampleattention.spi.AttentionBackend;

/**
 * The one method a backend's conformance test implements (the Reactive Streams TCK's shape): return
 * the backend to check. The suites call it once per case, so it may return a new instance or a shared one.
 */
public interface BackendUnderTest {
    AttentionBackend backend();

    /**
     * Runs a case and turns its verdict into JUnit's: SKIPPED aborts the test with its reason (shown as
     * skipped, never as passed), FAIL fails it naming the criterion and what was measured.
     */
    default void verify(ConformanceCase c) {
        AttentionBackend backend = backend();
        var availability = backend.probe();
        Assumptions.assumeTrue(availability.available(),
                () -> "backend " + backend.name() + " is unavailable: " + availability.reason());
        CaseResult r;
        try {
            r = CaseExecutor.executeOrThrow(backend, c);
        } catch (RuntimeException | LinkageError e) {
            throw new AssertionError("criterion " + c.criterion().label() + ": " + backend.name() + " threw on "
                    + c.id() + ": " + e, e);
        }
        switch (r.verdict()) {
            case SKIPPED -> Assumptions.abort(r.criterion() + " skipped: " + r.detail());
            case FAIL -> Assertions.fail("criterion " + r.criterion() + " violated by " + backend.name() + " on "
                    + c.id() + ": " + r.detail() + " (tolerance rationale: " + c.rationale() + ")");
            case PASS -> { }
        }
    }
}
