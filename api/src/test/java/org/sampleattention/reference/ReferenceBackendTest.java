package org.sampleattention.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.DType;
import org.sampleattention.HalfFloats;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionEngine;

/** The oracle checked against brute force: full matrices, explicit masks, every rule applied directly. */
class ReferenceBackendTest {
    private static final AttentionEngine ENGINE = new ReferenceBackend().create();

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    /** dtype, Hq, Hkv, Nq, Nk, d, causal: tails, GQA 8/2, Nq < Nk, both maskings. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(DType.F32, 1, 1, 1, 1, 4, true),
                Arguments.of(DType.F32, 2, 1, 7, 7, 3, true),
                Arguments.of(DType.F16, 8, 2, 65, 65, 8, true),
                Arguments.of(DType.BF16, 8, 2, 20, 65, 5, true),
                Arguments.of(DType.F32, 4, 2, 30, 50, 16, false),
                Arguments.of(DType.BF16, 2, 2, 65, 65, 7, false),
                Arguments.of(DType.F32, 2, 1, 1000, 1000, 4, true));
    }

    @ParameterizedTest(name = "{0} Hq={1} Hkv={2} Nq={3} Nk={4} d={5} causal={6}")
    @MethodSource("shapes")
    void denseAttentionEqualsTheMaskedFullMatrix(DType dtype, int hq, int hkv, int nq, int nk, int d, boolean causal) {
        AttentionInput in = RandomInputs.of(dtype, hq, hkv, nq, nk, d, 11L * nq + nk);
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(causal).build();
        BruteForce brute = new BruteForce(in, config);
        try (Tensor out = (Tensor) ENGINE.attention().dense(in, config)) {
            assertEquals(dtype, out.dtype());
            for (int h = 0; h < hq; h++) {
                assertRowsEqual(brute.output(h, brute.probabilities(h, null)), out, h, dtype);
            }
        } finally {
            RandomInputs.close(in);
        }
    }

    @ParameterizedTest(name = "{0} Hq={1} Hkv={2} Nq={3} Nk={4} d={5} causal={6}")
    @MethodSource("shapes")
    void sparseAttentionEqualsTheFullMatrixUnderThePlansMask(DType dtype, int hq, int hkv, int nq, int nk, int d,
                                                              boolean causal) {
        AttentionInput in = RandomInputs.of(dtype, hq, hkv, nq, nk, d, 13L * nq + nk);
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(causal).windowRatio(0.1).build();
        BruteForce brute = new BruteForce(in, config);
        SplittableRandom random = new SplittableRandom(nk);
        SparsePlan plan = randomPlan(in, config, random);
        try (Tensor out = (Tensor) ENGINE.attention().sparse(in, plan, config)) {
            for (int h = 0; h < hq; h++) {
                HeadPlan p = plan.head(h);
                Set<Integer> columns = p.dense() ? null : setOf(p.columns());
                assertRowsEqual(brute.output(h, brute.probabilities(h, columns)), out, h, dtype);
            }
        } finally {
            RandomInputs.close(in);
        }
    }

    @ParameterizedTest(name = "{0} Hq={1} Hkv={2} Nq={3} Nk={4} d={5} causal={6}")
    @MethodSource("shapes")
    void samplingAndFilteringFollowTheRulesOnTheFullMatrix(DType dtype, int hq, int hkv, int nq, int nk, int d,
                                                           boolean causal) {
        AttentionInput in = RandomInputs.of(dtype, hq, hkv, nq, nk, d, 17L * nq + nk);
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(causal).sampleBlock(4).sampleRatio(0.1)
                .windowRatio(0.05).alpha(0.9).minSparseLength(0).denseFallbackDensity(1).build();
        BruteForce brute = new BruteForce(in, config);
        SampleBlocks blocks = SampleBlocks.of(nq, config);
        try (HostColumnScores scores = ENGINE.sampler().sample(in, config).toHost()) {
            SparsePlan plan = ENGINE.filter().filter(scores, config);
            for (int h = 0; h < hq; h++) {
                double[][] p = brute.probabilities(h, null);
                double[][] residual = new double[blocks.count()][nk];
                double[] covered = new double[blocks.count()];
                int[] rows = new int[blocks.count()];
                double[] total = new double[nk];
                for (int b = 0; b < blocks.count(); b++) {
                    rows[b] = blocks.rows(b);
                    for (int i = blocks.start(b); i < blocks.end(b); i++) {
                        for (int j = 0; j < nk; j++) {
                            if (brute.inWindow(i, j)) {
                                covered[b] += p[i][j];
                            } else {
                                residual[b][j] += p[i][j];
                            }
                        }
                    }
                    assertEquals(covered[b], scores.covered(h, b), 1e-9, "C0 of block " + b);
                    for (int j = 0; j < nk; j++) {
                        assertEquals(residual[b][j], scores.residual(h, b, j), 1e-6 * Math.max(1, residual[b][j]),
                                "R of block " + b + " key " + j);
                        total[j] += scores.residual(h, b, j);
                    }
                }
                assertArrayEquals(BruteForce.shortestPrefixPlan(total, blockResidualAsStored(scores, h), covered, rows,
                        config.alpha()), plan.head(h).columns(), "head " + h + " columns");
            }
        } finally {
            RandomInputs.close(in);
        }
    }

    @Test
    void alphaOneReproducesDenseAttention() {
        AttentionInput in = RandomInputs.of(DType.F32, 4, 2, 200, 200, 16, 5);
        SampleAttentionConfig config = SampleAttentionConfig.builder().alpha(1).minSparseLength(0).sampleBlock(16)
                .windowRatio(0.05).build();
        try (Tensor dense = (Tensor) ENGINE.attention().dense(in, config);
             var result = new org.sampleattention.SampleAttention(ENGINE, config).compute(in)) {
            assertTrue(relativeL2((Tensor) result.output(), dense) < 1e-6);
        } finally {
            RandomInputs.close(in);
        }
    }

    @Test
    void windowOfOneTokenAttendsToTheDiagonalOnly() {
        AttentionInput in = RandomInputs.of(DType.F32, 1, 1, 9, 9, 4, 3);
        SampleAttentionConfig config = SampleAttentionConfig.builder().windowRatio(0).build(); // w = max(1, 0) = 1
        SparsePlan plan = new SparsePlan(new org.sampleattention.plan.MaskGeometry(9, 9, 1, true),
                List.of(new HeadPlan(0, 0, false, 1, new int[0], Double.NaN)));
        try (Tensor out = (Tensor) ENGINE.attention().sparse(in, plan, config)) {
            Tensor v = (Tensor) in.v();
            for (int i = 0; i < 9; i++) {
                for (int c = 0; c < 4; c++) {
                    assertEquals(v.get(0, i, c), out.get(0, i, c), 1e-6, "row " + i + " copies its own value");
                }
            }
        } finally {
            RandomInputs.close(in);
        }
    }

    @Test
    void perBlockRuleKeepsANeedleThatTheGlobalMeanDrops() {
        int n = 512, d = 40;
        NeedleInput needle = NeedleInput.build(n, d, 37, 7);
        SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).sampleBlock(16)
                .sampleRatio(0.25).windowRatio(0.05).alpha(0.9).build();
        AttentionInput in = needle.input();
        try (HostColumnScores scores = ENGINE.sampler().sample(in, config).toHost()) {
            SparsePlan plan = ENGINE.filter().filter(scores, config);
            int[] columns = plan.head(0).columns();
            assertTrue(java.util.Arrays.binarySearch(columns, needle.position()) >= 0, "per-block rule keeps the needle");
            assertFalse(globalMeanKeeps(scores, config.alpha(), needle.position()),
                    "precondition: the global-mean rule would drop the needle on this input");
            try (Tensor sparse = (Tensor) ENGINE.attention().sparse(in, plan, config);
                 Tensor dense = (Tensor) ENGINE.attention().dense(in, config)) {
                // the needle's distinctive value reaches the last query as it does under dense attention
                int last = n - 1;
                assertEquals(dense.get(0, last, d - 1), sparse.get(0, last, d - 1), 1e-3);
                assertTrue(sparse.get(0, last, d - 1) > 0.2, "needle value reaches the last query");
            }
        } finally {
            RandomInputs.close(in);
        }
    }

    @Test
    void nonFiniteInputsAndForeignPlansAreRejectedWithTheReason() {
        AttentionInput in = RandomInputs.of(DType.BF16, 2, 1, 8, 8, 4, 9);
        SampleAttentionConfig config = SampleAttentionConfig.defaults();
        try {
            ((Tensor) in.k()).set(5, Float.NaN);
            var nan = assertThrows(IllegalArgumentException.class, () -> ENGINE.attention().dense(in, config));
            assertTrue(nan.getMessage().startsWith("k holds a non-finite value"), nan.getMessage());
            ((Tensor) in.k()).set(5, 0);
            SparsePlan other = SparsePlan.allDense(new org.sampleattention.plan.MaskGeometry(8, 9, 1, true), 2, 1);
            var plan = assertThrows(IllegalArgumentException.class, () -> ENGINE.attention().sparse(in, other, config));
            assertTrue(plan.getMessage().contains("Nk = 9"), plan.getMessage());
        } finally {
            RandomInputs.close(in);
        }
    }

    private static double[][] blockResidualAsStored(HostColumnScores scores, int h) {
        int nb = scores.layout().blocks().count(), nk = scores.layout().keyLength();
        double[][] r = new double[nb][nk];
        for (int b = 0; b < nb; b++) {
            for (int j = 0; j < nk; j++) {
                r[b][j] = scores.residual(h, b, j);
            }
        }
        return r;
    }

    /** The rejected alternative: one mean over all sampled rows instead of one per block. */
    private static boolean globalMeanKeeps(HostColumnScores scores, double alpha, int key) {
        int nb = scores.layout().blocks().count();
        double reached = 0;
        for (int b = 0; b < nb; b++) {
            reached += scores.covered(0, b);
        }
        double[] total = scores.totalResidual(0);
        int[] order = DescendingOrder.of(total);
        double target = alpha * scores.layout().blocks().totalRows();
        for (int t = 0; t < order.length && reached < target; t++) {
            if (order[t] == key) {
                return true;
            }
            reached += total[order[t]];
        }
        return false;
    }

    private static SparsePlan randomPlan(AttentionInput in, SampleAttentionConfig config, SplittableRandom random) {
        var geometry = new org.sampleattention.plan.MaskGeometry(in.queryLength(), in.keyLength(),
                config.windowFor(in.keyLength()), config.causal());
        HeadPlan[] heads = new HeadPlan[in.qHeads()];
        for (int h = 0; h < heads.length; h++) {
            if (h % 3 == 2) {
                heads[h] = HeadPlan.dense(h, in.kvHeadOf(h), geometry.window(), Double.NaN);
                continue;
            }
            TreeSet<Integer> cols = new TreeSet<>();
            for (int n = 0; n < in.keyLength() / 4; n++) {
                cols.add(random.nextInt(in.keyLength()));
            }
            heads[h] = new HeadPlan(h, in.kvHeadOf(h), false, geometry.window(),
                    cols.stream().mapToInt(Integer::intValue).toArray(), Double.NaN);
        }
        return new SparsePlan(geometry, List.of(heads));
    }

    private static Set<Integer> setOf(int[] columns) {
        Set<Integer> s = new HashSet<>();
        for (int c : columns) {
            s.add(c);
        }
        return s;
    }

    /** Every element equal to the brute-force value rounded to the dtype, within two of its ulps. */
    private static void assertRowsEqual(double[][] expected, Tensor out, int h, DType dtype) {
        for (int i = 0; i < expected.length; i++) {
            for (int c = 0; c < expected[i].length; c++) {
                float want = HalfFloats.roundTo(dtype, (float) expected[i][c]);
                float ulp = Math.ulp(want) * (dtype == DType.F32 ? 1 : dtype == DType.F16 ? 8192 : 65536);
                assertEquals(want, out.get(h, i, c), 2 * ulp + 1e-30f, "head " + h + " row " + i + " dim " + c);
            }
        }
    }

    static double relativeL2(Tensor a, Tensor b) {
        double num = 0, den = 0;
        for (long i = 0; i < a.elementCount(); i++) {
            double diff = a.get(i) - b.get(i);
            num += diff * diff;
            den += (double) b.get(i) * b.get(i);
        }
        return Math.sqrt(num / den);
    }
}
