package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.conformance.RisingScores;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.HostInput;

/** Column scores and the plans made from them, both kernel paths against the reference. */
class CpuSamplerTest {
    private static AttentionEngine reference;

    @BeforeAll
    static void open() {
        reference = new ReferenceBackend().create();
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    record Case(DType dtype, int qHeads, int kvHeads, int queries, int keys, int headDim, boolean causal,
                int sampleBlock, double sampleRatio, double windowRatio) {
        Case(DType dtype, int qHeads, int kvHeads, int queries, int keys, int headDim, boolean causal,
             int sampleBlock, double sampleRatio) {
            this(dtype, qHeads, kvHeads, queries, keys, headDim, causal, sampleBlock, sampleRatio, 0.05);
        }

        @Override
        public String toString() {
            return dtype + " Hq=" + qHeads + " Hkv=" + kvHeads + " Nq=" + queries + " Nk=" + keys + " d=" + headDim
                    + (causal ? " causal" : " full") + " block=" + sampleBlock + " ratio=" + sampleRatio
                    + " window=" + windowRatio;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = List.of(
                new Case(DType.F32, 2, 1, 7, 7, 3, true, 4, 0.5),
                new Case(DType.F32, 2, 2, 300, 300, 17, true, 16, 0.2),
                new Case(DType.BF16, 4, 2, 200, 333, 80, true, 7, 0.1),
                new Case(DType.F16, 2, 1, 129, 129, 96, false, 100, 0.9),
                new Case(DType.F32, 2, 1, 1000, 1000, 130, true, 64, 0.05),
                new Case(DType.F32, 1, 1, 65, 400, 1, false, 8, 0.3),
                // 19 blocks for two workers: the four q-heads of each kv-head are sampled in one task
                new Case(DType.F32, 8, 2, 600, 600, 64, true, 8, 0.25),
                // windows wider than a query tile plus a key tile: whole key tiles inside every row's
                // window, whose mass pass 1 counts as covered without keeping them
                new Case(DType.F32, 8, 2, 900, 900, 64, true, 64, 0.1, 0.4),
                new Case(DType.BF16, 2, 1, 500, 700, 80, false, 50, 0.2, 0.6));
        List<Arguments> out = new ArrayList<>();
        for (Kernels k : Kernels.values()) {
            for (Case c : cases) {
                out.add(Arguments.of(k, c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void scoresAndPlansMatchReference(Kernels kernels, Case c) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).sampleBlock(c.sampleBlock())
                .sampleRatio(c.sampleRatio()).windowRatio(c.windowRatio()).minSparseLength(0).denseFallbackDensity(1.0).build();
        try (RandomInput in = RandomInput.of(c.dtype(), c.qHeads(), c.kvHeads(), c.queries(), c.keys(), c.headDim(),
                c.hashCode());
             CpuEngine engine = kernels.engine();
             ColumnScores expectedScores = reference.sampler().sample(in.input(), config);
             ColumnScores actualScores = engine.sampler().sample(in.input(), config)) {
            HostColumnScores expected = expectedScores.toHost(), actual = actualScores.toHost();
            int nb = expected.layout().blocks().count(), nk = c.keys();
            assertEquals(nb, actual.layout().blocks().count());
            for (int h = 0; h < c.qHeads(); h++) {
                for (int b = 0; b < nb; b++) {
                    int rows = expected.layout().blocks().rows(b);
                    double coveredError = Math.abs(actual.covered(h, b) - expected.covered(h, b));
                    assertTrue(coveredError <= 1e-5 * rows, "head " + h + " block " + b + " covered " + actual.covered(h, b)
                            + " vs " + expected.covered(h, b));
                    double total = actual.covered(h, b);
                    for (int j = 0; j < nk; j++) {
                        double diff = Math.abs(actual.residual(h, b, j) - expected.residual(h, b, j));
                        assertTrue(diff <= 1e-5 * rows + 1e-5 * expected.residual(h, b, j),
                                "head " + h + " block " + b + " key " + j + ": " + actual.residual(h, b, j) + " vs "
                                        + expected.residual(h, b, j));
                        total += actual.residual(h, b, j);
                    }
                    // each sampled row's probabilities sum to one
                    assertEquals(rows, total, 1e-4 * rows, "mass of head " + h + " block " + b);
                }
            }
            SparsePlan expectedPlan = reference.filter().filter(expected, config);
            SparsePlan actualPlan = engine.filter().filter(actual, config);
            for (int h = 0; h < c.qHeads(); h++) {
                HeadPlan e = expectedPlan.head(h), a = actualPlan.head(h);
                assertEquals(e.dense(), a.dense(), "head " + h + " dense");
                double jaccard = jaccard(e.columns(), a.columns());
                assertTrue(jaccard >= 0.99, "head " + h + " Jaccard " + jaccard);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void keptScoresGiveTheSameColumnScoresAsRecomputedOnes(Kernels kernels, Case c) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).sampleBlock(c.sampleBlock())
                .sampleRatio(c.sampleRatio()).windowRatio(c.windowRatio()).minSparseLength(0).build();
        try (RandomInput in = RandomInput.of(c.dtype(), c.qHeads(), c.kvHeads(), c.queries(), c.keys(), c.headDim(),
                c.hashCode() + 1);
             CpuEngine keeping = kernels.engine();
             CpuEngine recomputing = new CpuEngine(kernels.create(), 2, 0);
             // room for half the key tiles of one head: short rows keep their scores, long ones recompute
             CpuEngine partly = new CpuEngine(kernels.create(), 2, halfTheKeys(kernels, c));
             ColumnScores kept = keeping.sampler().sample(in.input(), config);
             ColumnScores recomputed = recomputing.sampler().sample(in.input(), config);
             ColumnScores mixed = partly.sampler().sample(in.input(), config)) {
            for (int h = 0; h < c.qHeads(); h++) {
                assertArrayEquals(recomputed.toHost().residualOf(h), kept.toHost().residualOf(h), "head " + h);
                assertArrayEquals(recomputed.toHost().coveredOf(h), kept.toHost().coveredOf(h), "head " + h);
                assertArrayEquals(recomputed.toHost().residualOf(h), mixed.toHost().residualOf(h), "head " + h);
                assertArrayEquals(recomputed.toHost().coveredOf(h), mixed.toHost().coveredOf(h), "head " + h);
            }
        }
    }

    private static long halfTheKeys(Kernels kernels, Case c) {
        TileShape shape = TileShape.of(c.headDim(), kernels.create());
        return SamplingTile.savedFloats(shape, Math.max(1, shape.tilesFor(c.keys()) / 2));
    }

    /**
     * Rows whose largest score rises along the keys by far more than the rescale slack: every row's
     * softmax shift moves several times, so pass 2 meets tiles of one row under different shifts (and
     * reuses a row's weight only while its shift stays). With the wide window the shift also moves on
     * tiles inside every row's window, whose covered sums pass 1 rescales.
     */
    @ParameterizedTest(name = "{0} window {1}")
    @CsvSource({"VECTOR, 0.05", "SCALAR, 0.05", "VECTOR, 0.5", "SCALAR, 0.5"})
    void rowsWhoseShiftMovesMatchTheReference(Kernels kernels, double windowRatio) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().sampleBlock(16).sampleRatio(0.2)
                .windowRatio(windowRatio).minSparseLength(0).build();
        AttentionInput input = RisingScores.input(7, DType.F32, 4, 2, 700, 700, 64, 60);
        try (AttentionTensor q = input.q(); AttentionTensor k = input.k(); AttentionTensor v = input.v();
             CpuEngine engine = kernels.engine();
             ColumnScores expectedScores = reference.sampler().sample(input, config);
             ColumnScores actualScores = engine.sampler().sample(input, config)) {
            HostColumnScores expected = expectedScores.toHost(), actual = actualScores.toHost();
            for (int h = 0; h < 4; h++) {
                for (int b = 0; b < expected.layout().blocks().count(); b++) {
                    int rows = expected.layout().blocks().rows(b);
                    assertEquals(expected.covered(h, b), actual.covered(h, b), 1e-5 * rows, "head " + h + " block " + b);
                    for (int j = 0; j < 700; j++) {
                        assertEquals(expected.residual(h, b, j), actual.residual(h, b, j),
                                1e-5 * rows + 1e-5 * expected.residual(h, b, j), "head " + h + " block " + b + " key " + j);
                    }
                }
            }
        }
    }

    /**
     * Sampling scans q (it reads only the sampled rows), checks k as it packs it, and ignores v: a NaN in
     * an unsampled query row or in a key is refused with the message the input check gives, one in v
     * changes nothing.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"VECTOR,F32", "VECTOR,BF16", "SCALAR,F16"})
    void nonFiniteQueriesAndKeysAreRefusedAndValuesIgnored(Kernels kernels, DType dtype) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().sampleBlock(16).sampleRatio(0.1)
                .minSparseLength(0).build();
        try (RandomInput in = RandomInput.of(dtype, 4, 2, 300, 300, 40, 17);
             CpuEngine engine = kernels.engine();
             ColumnScores clean = engine.sampler().sample(in.input(), config)) {
            in.v().set(in.v().elementCount() / 2, Float.NaN);
            try (ColumnScores withNanValue = engine.sampler().sample(in.input(), config)) {
                for (int h = 0; h < 4; h++) {
                    assertArrayEquals(clean.toHost().residualOf(h), withNanValue.toHost().residualOf(h), "head " + h);
                }
            }
            in.v().set(in.v().elementCount() / 2, 0f);
            // row 5 of head 1 is not sampled (blocks end at rows 149 and 299); the last key of the last head
            for (Tensor target : new Tensor[] {in.q(), in.k()}) {
                long at = target == in.q() ? 300 * 40 + 5 * 40 : target.elementCount() - 1;
                target.set(at, Float.POSITIVE_INFINITY);
                String expected = assertThrows(IllegalArgumentException.class,
                        () -> HostInput.of(in.input(), CpuBackend.NAME)).getMessage();
                assertEquals(expected, assertThrows(IllegalArgumentException.class,
                        () -> engine.sampler().sample(in.input(), config)).getMessage());
                target.set(at, 0f);
            }
        }
    }

    static double jaccard(int[] a, int[] b) {
        if (a.length == 0 && b.length == 0) {
            return 1;
        }
        int i = 0, j = 0, common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }
}
