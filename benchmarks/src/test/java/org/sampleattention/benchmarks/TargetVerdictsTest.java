package org.sampleattention.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetVerdictsTest {
    /** The 11:40 UTC run of 2026-11-29 (docs/results/cpu-2026-11-29-session8-final/targets-final.txt). */
    private static final List<TargetVerdicts.Row> RUN = List.of(
            new TargetVerdicts.Row(4096, 388.9, 0.024, 0.005, 0.0001, 0.088, 1.316, 1.740),
            new TargetVerdicts.Row(8192, 379.0, 0.084, 0.015, 0.0001, 0.363, 1.351, 1.638),
            new TargetVerdicts.Row(16384, 380.9, 0.293, 0.052, 0.0005, 1.443, 1.344, 1.419),
            new TargetVerdicts.Row(32768, 371.4, 1.174, 0.205, 0.0019, 5.921, 1.379, 1.415));

    @Test
    void judgesEveryTargetOfARun() {
        assertEquals(List.of(
                "met     dense 8K 379.0 GFLOP/s = 0.82 of SGEMM 460 (>= 0.6)",
                "MISSED  sparse / dense per pair at 4096: 1.32x (<= 1.3x)",
                "met     sparse / dense per pair at 8192: 1.21x (<= 1.3x)",
                "met     sparse / dense per pair at 16384: 1.06x (<= 1.3x)",
                "met     sparse / dense per pair at 32768: 1.03x (<= 1.3x)",
                "met     SampleAttention at 32K: 5.04x dense (>= 3x)",
                "MISSED  sampling + filtering at 32K: 17.6% of SampleAttention (< 15%)",
                "met     dense ns per pair from 1.316 to 1.379: 5% apart (<= 25%)",
                "met     sparse ns per pair from 1.415 to 1.740: 23% apart (<= 25%)"),
                TargetVerdicts.of(RUN, 460));
    }

    @Test
    void leavesOutTheTargetsOfLengthsNotMeasured() {
        assertEquals(List.of("met     sparse / dense per pair at 4096: 1.20x (<= 1.3x)"),
                TargetVerdicts.of(List.of(new TargetVerdicts.Row(4096, 300, 0.02, 0.004, 0.0001, 0.09, 1.5, 1.8)), 460));
    }

    @Test
    void aSlowDenseKernelAndAnUnevenSparseOneAreMissed() {
        List<String> verdicts = TargetVerdicts.of(List.of(
                new TargetVerdicts.Row(8192, 200, 0.1, 0.01, 0, 0.5, 2.0, 2.0),
                new TargetVerdicts.Row(16384, 210, 0.3, 0.03, 0, 2.0, 2.0, 2.6)), 460);
        assertEquals("MISSED  dense 8K 200.0 GFLOP/s = 0.43 of SGEMM 460 (>= 0.6)", verdicts.get(0));
        assertEquals("MISSED  sparse ns per pair from 2.000 to 2.600: 30% apart (<= 25%)", verdicts.get(verdicts.size() - 1));
    }
}
