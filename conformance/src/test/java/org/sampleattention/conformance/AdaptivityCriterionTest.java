package org.sampleattention.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;

/** Criterion 4.5 on hand-made measurements, including the head subsets long inputs are checked on. */
class AdaptivityCriterionTest {
    private static final ConformanceCase CASE = new ConformanceCase("4.5-test", Criterion.ADAPTIVE_COLUMNS,
            WorkloadSpec.of(WorkloadKind.LLM, 32768, 8, 8, 128, DType.BF16, 1), SampleAttentionConfig.defaults(), 2.0,
            "stripe heads keep clearly more columns than local heads", "test");

    private static NearLosslessMeasurement.Head head(WorkloadKind kind, int columns) {
        return new NearLosslessMeasurement.Head(0, kind, false, columns, 0.1, 0.99, 0.97, 0.01);
    }

    @Test
    void aSubsetWithoutMixedHeadsIsJudgedOnItsStripeHeads() {
        var m = new NearLosslessMeasurement(List.of(head(WorkloadKind.LOCAL, 0), head(WorkloadKind.STRIPE, 115),
                head(WorkloadKind.STRIPE, 114), head(WorkloadKind.NEEDLE, 1)), 192, false, 1);
        CaseResult r = NearLosslessCheck.adaptivity(CASE, m, 32768);
        assertEquals(Verdict.PASS, r.verdict(), r.detail());
        assertEquals(115.5, r.measured(), 1e-9);
    }

    @Test
    void stripeHeadsKeepingNoMoreThanLocalHeadsFail() {
        var m = new NearLosslessMeasurement(List.of(head(WorkloadKind.LOCAL, 3), head(WorkloadKind.MIXED, 4),
                head(WorkloadKind.STRIPE, 2)), 192, false, 1);
        assertEquals(Verdict.FAIL, NearLosslessCheck.adaptivity(CASE, m, 32768).verdict());
    }
}
