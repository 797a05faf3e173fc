package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.reference.BlockCoverageFilter;

/**
 * Sampling and filtering on the device against the reference backend: per-block residual column
 * scores and covered masses, and plans (Jaccard >= 0.99 per head) both from the reference's scores
 * (the filter alone) and from the device's own scores (sampling and filtering together).
 */
@Tag("gpu")
class CudaSamplingGpuTest extends CudaEngineTest {
    /** Attention shapes crossed with sampling settings: several blocks, blocks over 64 rows, every row. */
    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        double[][] settings = {{0.3, 16, 0.9}, {0.3, 100, 0.95}, {1.0, 64, 0.5}, {0.2, 32, 1.0}};
        int n = 0;
        for (AttentionCases c : AttentionCases.all()) {
            double[] s = settings[n++ % settings.length];
            SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).sampleRatio(s[0])
                    .sampleBlock((int) s[1]).alpha(s[2]).windowRatio(0.1).minSparseLength(0)
                    .denseFallbackDensity(1.0).build();
            out.add(Arguments.of(c, config));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void scoresAndPlansMatchReference(AttentionCases c, SampleAttentionConfig config) {
        AttentionInput input = RandomInputs.striped(System.nanoTime(), c.dtype(), c.hq(), c.hkv(), c.nq(), c.nk(), c.d());
        try (ColumnScores device = cuda.sampler().sample(input, config);
             ColumnScores expected = reference.sampler().sample(input, config)) {
            HostColumnScores actual = device.toHost();
            HostColumnScores wanted = expected.toHost();
            int nb = wanted.layout().blocks().count();
            assertEquals(nb, actual.layout().blocks().count());
            for (int h = 0; h < c.hq(); h++) {
                double diff = 0, mass = 0;
                for (int b = 0; b < nb; b++) {
                    diff += Math.abs(actual.covered(h, b) - wanted.covered(h, b));
                    mass += wanted.covered(h, b);
                    for (int j = 0; j < c.nk(); j++) {
                        diff += Math.abs(actual.residual(h, b, j) - wanted.residual(h, b, j));
                        mass += wanted.residual(h, b, j);
                    }
                }
                assertEquals(wanted.layout().blocks().totalRows(), mass, 1e-6 * mass, "reference mass of head " + h);
                assertTrue(diff <= 1e-4 * mass, c + " head " + h + ": L1 difference " + diff + " of mass " + mass);
            }

            SparsePlan fromReferenceScores = cuda.filter().filter(wanted, config);
            SparsePlan deviceEndToEnd = cuda.filter().filter(device, config);
            if (config.alpha() == 1.0) {
                // whether the full sum reaches rows(b) exactly is decided by rounding, so the cut may
                // or may not take the zero-mass columns too; what must hold is that no column with mass is left out
                assertKeepsEveryColumnWithMass(wanted, fromReferenceScores, c + " filter on reference scores");
                assertKeepsEveryColumnWithMass(wanted, deviceEndToEnd, c + " device sampling and filtering");
                return;
            }
            SparsePlan referencePlan = new BlockCoverageFilter().filter(wanted, config);
            assertPlansAgree(referencePlan, fromReferenceScores, c + " filter on reference scores");
            assertPlansAgree(referencePlan, deviceEndToEnd, c + " device sampling and filtering");
        } finally {
            RandomInputs.close(input);
        }
    }

    private static void assertKeepsEveryColumnWithMass(HostColumnScores scores, SparsePlan plan, String what) {
        for (int h = 0; h < plan.qHeads(); h++) {
            if (plan.head(h).dense()) {
                continue;
            }
            double[] total = scores.totalResidual(h);
            int[] cols = plan.head(h).columns();
            for (int j = 0; j < total.length; j++) {
                if (total[j] > 0) {
                    assertTrue(java.util.Arrays.binarySearch(cols, j) >= 0, what + ", head " + h + ": column " + j
                            + " has mass " + total[j] + " but was not selected");
                }
            }
        }
    }

    static void assertPlansAgree(SparsePlan expected, SparsePlan actual, String what) {
        assertEquals(expected.qHeads(), actual.qHeads());
        for (int h = 0; h < expected.qHeads(); h++) {
            double j = Comparisons.jaccard(expected.head(h), actual.head(h));
            assertTrue(j >= 0.99, what + ", head " + h + ": Jaccard " + j + " (expected "
                    + expected.head(h).columnCount() + " columns, got " + actual.head(h).columnCount() + ")");
        }
    }
}
