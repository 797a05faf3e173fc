package org.sampleattention.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.reference.ReferenceBackend;

/**
 * The generator is tuned so that, on the reference backend at default settings, SampleAttention is
 * near-lossless while local and stripe heads are really sparse and diffuse heads are not; and so that
 * its needle tells the per-block rule from a global mean. These tests keep that tuning honest.
 */
class WorkloadAttentionPropertiesTest {
    private static final SampleAttentionConfig DEFAULTS = SampleAttentionConfig.defaults();
    private static final WorkloadSpec LLM_4K = WorkloadSpec.of(WorkloadKind.LLM, 4096, 8, 2, 64, DType.F32, 11);

    private static List<NearLosslessMeasurement.Head> heads(WorkloadSpec spec, SampleAttentionConfig config) {
        return NearLosslessCheck.measure(new ReferenceBackend(), spec, config).measurement().heads();
    }

    @Test
    void llmWorkloadIsNearLosslessAtDefaultSettings() {
        NearLosslessCheck.Run run = NearLosslessCheck.measure(new ReferenceBackend(), LLM_4K, DEFAULTS);
        for (var h : run.measurement().heads()) {
            assertTrue(h.meanCoverage() >= DEFAULTS.alpha() - 0.02, "head " + h);
            assertTrue(h.outputError() <= ConformanceCases.OUTPUT_ERROR_BOUND, "head " + h);
        }
        assertTrue(run.measurement().needleRecall() >= 0.9, "needle recall " + run.measurement().needleRecall());
    }

    @Test
    void localAndStripeHeadsAreSparseWithFewAndManyColumns() {
        for (var h : heads(LLM_4K, DEFAULTS)) {
            assertFalse(h.dense(), "head " + h);
            assertTrue(h.density() < 0.25, "head " + h);
            switch (h.kind()) {
                case LOCAL, NEEDLE -> assertTrue(h.columns() <= 3, "local head keeps few columns: " + h);
                case STRIPE, MIXED -> assertTrue(h.columns() >= 5, "stripe head keeps its heavy hitters: " + h);
                default -> throw new AssertionError("unexpected kind in an LLM workload: " + h);
            }
        }
    }

    @Test
    void diffuseHeadsFallBackToDense() {
        WorkloadSpec diffuse = WorkloadSpec.of(WorkloadKind.DIFFUSE, 4096, 2, 2, 64, DType.F32, 11);
        for (var h : heads(diffuse, DEFAULTS)) {
            assertTrue(h.dense() || h.density() > 0.5, "diffuse head " + h);
        }
    }

    /** The needle's column has too little total mass for a global mean to keep it, but the last block needs it. */
    @Test
    void globalMeanRuleWouldLoseTheNeedleThatThePerBlockRuleKeeps() {
        WorkloadSpec spec = WorkloadSpec.of(WorkloadKind.NEEDLE, 4096, 1, 1, 64, DType.F32, 11);
        try (Workload w = Workload.generate(spec)) {
            ReferenceResults.Planned ref = ReferenceResults.plan(w, DEFAULTS);
            int needle = w.needlePosition().orElseThrow();
            assertTrue(Arrays.binarySearch(ref.plan().head(0).columns(), needle) >= 0, "per-block rule lost the needle");
            assertFalse(globalMeanColumns(ref.scores(), DEFAULTS.alpha()).contains(needle),
                    "a global mean keeps the needle too, so the workload cannot tell the rules apart");
        }
    }

    private static List<Integer> globalMeanColumns(HostColumnScores s, double alpha) {
        double[] total = s.totalResidual(0);
        double reached = 0;
        for (int b = 0; b < s.layout().blocks().count(); b++) {
            reached += s.covered(0, b);
        }
        double target = alpha * s.layout().blocks().totalRows();
        Integer[] order = new Integer[total.length];
        Arrays.setAll(order, j -> j);
        Arrays.sort(order, (a, b) -> Double.compare(total[b], total[a]));
        List<Integer> kept = new java.util.ArrayList<>();
        for (int t = 0; t < order.length && reached < target; t++) {
            kept.add(order[t]);
            reached += total[order[t]];
        }
        return kept;
    }
}
