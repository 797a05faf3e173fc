package org.sampleattention.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.Availability;

/**
 * Runs every case of a size on one backend and collects a report; what the CLI's {@code conformance}
 * command and the kit's own tests of broken backends use. An unavailable backend yields a report whose
 * every case is SKIPPED with the probe's reason.
 */
public final class ConformanceRunner {
    private ConformanceRunner() {
    }

    public static ConformanceReport run(AttentionBackend backend, ConformanceSize size) {
        return run(backend, ConformanceCases.all(size), result -> { });
    }

    /** Runs the given cases, telling {@code progress} about each result as it comes. */
    public static ConformanceReport run(AttentionBackend backend, List<ConformanceCase> cases,
                                        Consumer<CaseResult> progress) {
        Availability availability = backend.probe();
        List<CaseResult> results = new ArrayList<>(cases.size());
        for (ConformanceCase c : cases) {
            CaseResult r = availability.available() ? CaseExecutor.execute(backend, c)
                    : new CaseResult(c.id(), c.criterion().label(), Verdict.SKIPPED, Double.NaN, c.tolerance(),
                            "backend unavailable: " + availability.reason(), 0);
            results.add(r);
            progress.accept(r);
        }
        return new ConformanceReport(backend.name(), availability.device(), results);
    }
}
