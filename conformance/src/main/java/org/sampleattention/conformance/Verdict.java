package org.sampleattention.conformance;

/** The outcome of one case. SKIPPED always carries the reason (a capability the backend does not declare). */
public enum Verdict {
    PASS,
    FAIL,
    SKIPPED
}
