package org.sampleattention.conformance;

import java.util.Objects;
import org.sampleattention.SampleAttentionConfig;

/**
 * One case as data, shared by the JUnit suites and {@link ConformanceRunner}: what to generate, with
 * which settings, which rule to check and the tolerance it is held to (with the reason for it).
 *
 * @param variant a criterion-specific choice, for example the fixed plan's shape for 2.1 or the bad
 *                input for 5.x; empty when the criterion has none
 */
public record ConformanceCase(String id, Criterion criterion, WorkloadSpec workload, SampleAttentionConfig config,
                              double tolerance, String rationale, String variant) {

    public ConformanceCase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(rationale, "rationale");
        Objects.requireNonNull(variant, "variant");
    }

    /** The id; JUnit shows it as the parameterized test's name. */
    @Override
    public String toString() {
        return id;
    }
}
