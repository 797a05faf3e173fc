package org.sampleattention.conformance;

import java.util.List;

/** Every case's result for one backend on one device. */
public record ConformanceReport(String backend, String device, List<CaseResult> results) {

    public ConformanceReport {
        results = List.copyOf(results);
    }

    /** No case failed (a SKIPPED case, which always has a reason, is not a failure). */
    public boolean passed() {
        return results.stream().noneMatch(r -> r.verdict() == Verdict.FAIL);
    }

    public List<CaseResult> failures() {
        return results.stream().filter(r -> r.verdict() == Verdict.FAIL).toList();
    }

    public long count(Verdict verdict) {
        return results.stream().filter(r -> r.verdict() == verdict).count();
    }

    /** One line: backend, device and the counts of each verdict. */
    public String summary() {
        return backend + " on " + device + ": " + count(Verdict.PASS) + " passed, " + count(Verdict.FAIL)
                + " failed, " + count(Verdict.SKIPPED) + " skipped";
    }
}
