package org.sampleattention.it.broken;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sampleattention.conformance.CaseResult;
import org.sampleattention.conformance.ConformanceReport;
import org.sampleattention.conformance.ConformanceRunner;
import org.sampleattention.conformance.ConformanceSize;
import org.sampleattention.conformance.Criterion;
import org.sampleattention.conformance.Verdict;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionBackend;

/**
 * The kit keeps its teeth: each deliberately broken backend runs the whole CI-sized kit and must fail
 * it, with a failure reported under the criterion its mistake violates.
 */
class BrokenBackendsFailConformanceTest {

    static Stream<Arguments> brokenBackends() {
        return Stream.of(
                Arguments.of(new WindowDroppingBackend(), Criterion.SPARSE_MATCHES_REFERENCE),
                Arguments.of(new CausalityIgnoringBackend(), Criterion.DENSE_MATCHES_REFERENCE),
                Arguments.of(new StrideColumnsBackend(), Criterion.PLAN_MATCHES_REFERENCE),
                Arguments.of(new GlobalMeanBackend(), Criterion.NEEDLE_RETRIEVED),
                Arguments.of(new HalfAccumulatingBackend(), Criterion.DENSE_MATCHES_REFERENCE));
    }

    @ParameterizedTest(name = "{0} violates {1}")
    @MethodSource("brokenBackends")
    void brokenBackendFailsTheKitNamingTheViolatedCriterion(AttentionBackend broken, Criterion violated) {
        ConformanceReport report = ConformanceRunner.run(broken, ConformanceSize.SMALL);
        List<CaseResult> failures = report.failures();
        String listing = failures.stream().map(f -> f.criterion() + " | " + f.caseId() + " | " + f.detail())
                .collect(Collectors.joining("\n"));
        System.out.println(report.summary() + "; failed criteria (measured range):\n" + failures.stream()
                .collect(Collectors.groupingBy(CaseResult::criterion, java.util.TreeMap::new,
                        Collectors.summarizingDouble(CaseResult::measured)))
                .entrySet().stream().map(e -> "  " + e.getKey() + ": " + e.getValue().getMin() + " .. " + e.getValue().getMax())
                .collect(Collectors.joining("\n")));
        assertFalse(report.passed(), broken.name() + " passed the kit:\n" + report.summary());
        assertTrue(failures.stream().anyMatch(f -> f.criterion().equals(violated.label())),
                broken.name() + " should fail " + violated.label() + " but failed:\n" + listing);
    }

    /** The same run on the reference itself passes, so the failures above come from the mistakes. */
    @Test
    void referencePassesTheSameKit() {
        ConformanceReport report = ConformanceRunner.run(new ReferenceBackend(), ConformanceSize.SMALL);
        assertTrue(report.passed(), report.failures().toString());
        assertTrue(report.results().stream().filter(r -> r.verdict() == Verdict.PASS).count() > 50);
    }
}
