package org.sampleattention.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;

class ConformanceCasesTest {

    @ParameterizedTest
    @EnumSource(ConformanceSize.class)
    void caseIdsAreUniqueAndEveryCriterionHasCases(ConformanceSize size) {
        List<ConformanceCase> cases = ConformanceCases.all(size);
        Set<String> ids = new HashSet<>();
        Set<Criterion> covered = EnumSet.noneOf(Criterion.class);
        for (ConformanceCase c : cases) {
            assertTrue(ids.add(c.id()), "duplicate case id " + c.id());
            assertFalse(c.rationale().isBlank(), c.id() + " has no rationale");
            covered.add(c.criterion());
        }
        assertEquals(EnumSet.allOf(Criterion.class), covered);
    }

    @Test
    void smallRunsAtMost4096TokensWithAFullyDefaultCaseAndLargeAddsLongContexts() {
        List<ConformanceCase> small = ConformanceCases.all(ConformanceSize.SMALL);
        assertTrue(small.stream().allMatch(c -> c.workload().keyLength() <= 4096));
        assertTrue(small.stream().anyMatch(c -> c.workload().keyLength() == 4096
                && c.config().toString().equals(SampleAttentionConfig.defaults().toString())
                && c.criterion() == Criterion.COVERAGE));
        List<ConformanceCase> large = ConformanceCases.all(ConformanceSize.LARGE);
        assertTrue(large.stream().map(ConformanceCase::id).toList().containsAll(small.stream().map(ConformanceCase::id).toList()));
        int longest = large.stream().mapToInt(c -> c.workload().keyLength()).max().orElse(0);
        assertEquals(131072, longest);
        assertTrue(large.stream().anyMatch(c -> c.workload().keyLength() == 16384));
    }

    @Test
    void longInputsAreCheckedOnSampledRowsIncludingTheLastBlockAndEveryNeedleHead() {
        WorkloadSpec spec = WorkloadSpec.of(WorkloadKind.LLM, 20000, 12, 4, 8, DType.F32, 1);
        try (Workload w = Workload.generate(spec)) {
            CaseScope scope = CaseScope.of(spec, w);
            assertFalse(scope.complete());
            assertTrue(scope.rows().length <= 128 + 64 + 1, "rows " + scope.rows().length);
            assertTrue(Arrays.stream(scope.rows()).anyMatch(r -> r == 19999));
            assertTrue(Arrays.stream(scope.rows()).filter(r -> r >= 20000 - 64).count() == 64);
            assertTrue(Arrays.stream(scope.heads()).anyMatch(h -> h == 11), "the needle head is checked");
        }
        WorkloadSpec short1 = WorkloadSpec.of(WorkloadKind.LLM, 300, 4, 2, 8, DType.F32, 1);
        try (Workload w = Workload.generate(short1)) {
            CaseScope scope = CaseScope.of(short1, w);
            assertTrue(scope.complete());
            assertEquals(300, scope.rows().length);
            assertEquals(4, scope.heads().length);
        }
    }

    @Test
    void atSampleRatioChangesOnlyTheSamplingDependentCasesAndSaysSoInTheirIds() {
        List<ConformanceCase> cases = ConformanceCases.all(ConformanceSize.SMALL);
        List<ConformanceCase> moved = ConformanceCases.atSampleRatio(cases, 0.0125);
        assertEquals(cases.size(), moved.size());
        for (int i = 0; i < cases.size(); i++) {
            ConformanceCase before = cases.get(i), after = moved.get(i);
            assertEquals(before.criterion(), after.criterion());
            assertEquals(before.tolerance(), after.tolerance());
            if (before.criterion().dependsOnSampling()) {
                assertEquals(before.id() + "-sample-ratio-0.0125", after.id());
                assertEquals(0.0125, after.config().sampleRatio());
                assertEquals(before.config().toBuilder().sampleRatio(0.0125).build().toString(), after.config().toString());
            } else {
                assertEquals(before, after);
            }
        }
        assertTrue(moved.stream().anyMatch(c -> c.criterion() == Criterion.COVERAGE));
        assertTrue(moved.stream().anyMatch(c -> c.criterion() == Criterion.DENSE_MATCHES_REFERENCE
                && c.config().sampleRatio() == SampleAttentionConfig.defaults().sampleRatio()));
    }
}
