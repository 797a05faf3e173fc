package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.HostInput;

/**
 * Dense and plan-masked attention of both kernel paths against the f64 reference, on fresh random
 * inputs whose head dims and lengths are not multiples of any tile or vector width.
 */
class CpuAttentionTest {
    private static AttentionEngine reference;

    @BeforeAll
    static void open() {
        reference = new ReferenceBackend().create();
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    record Shape(DType dtype, int qHeads, int kvHeads, int queries, int keys, int headDim, boolean causal) {
        @Override
        public String toString() {
            return dtype + " Hq=" + qHeads + " Hkv=" + kvHeads + " Nq=" + queries + " Nk=" + keys + " d=" + headDim
                    + (causal ? " causal" : " full");
        }
    }

    static Stream<Arguments> cases() {
        List<Shape> shapes = List.of(
                new Shape(DType.F32, 1, 1, 1, 1, 1, true),
                new Shape(DType.F32, 2, 1, 7, 7, 3, true),
                new Shape(DType.F16, 3, 1, 1, 65, 17, false),
                new Shape(DType.F32, 2, 2, 65, 65, 17, false),
                new Shape(DType.BF16, 4, 2, 100, 130, 80, true),
                new Shape(DType.F16, 2, 1, 65, 200, 96, true),
                new Shape(DType.F32, 2, 1, 33, 1000, 128, true),
                new Shape(DType.BF16, 2, 2, 150, 150, 130, false),
                new Shape(DType.F32, 1, 1, 300, 301, 128, true),
                new Shape(DType.F16, 2, 2, 129, 129, 1, true),
                new Shape(DType.BF16, 2, 1, 5, 70, 1024, true),
                // 17 query tiles for two workers: four q-heads per task, a dense head among sparse ones in each
                new Shape(DType.F32, 8, 2, 1030, 1030, 32, true));
        List<Arguments> out = new ArrayList<>();
        for (Kernels k : Kernels.values()) {
            for (Shape s : shapes) {
                out.add(Arguments.of(k, s));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void denseMatchesReference(Kernels kernels, Shape s) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(s.causal()).build();
        try (RandomInput in = RandomInput.of(s.dtype(), s.qHeads(), s.kvHeads(), s.queries(), s.keys(), s.headDim(),
                s.hashCode());
             CpuEngine engine = kernels.engine();
             AttentionTensor expected = reference.attention().dense(in.input(), config);
             AttentionTensor actual = engine.attention().dense(in.input(), config)) {
            assertArrayEquals(expected.shape().dims(), actual.shape().dims());
            double error = RandomInput.relativeError(actual, expected);
            assertTrue(error <= RandomInput.tolerance(s.dtype()), "relative L2 error " + error);
        }
    }

    /** Attention checks values while widening them; the message must still name tensor and element. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"VECTOR,q,F32", "VECTOR,k,BF16", "VECTOR,v,F16", "SCALAR,q,F16", "SCALAR,k,F32", "SCALAR,v,BF16"})
    void aNonFiniteValueMetWhileReadingIsNamedAsTheInputCheckNamesIt(Kernels kernels, String tensor, DType dtype) {
        Shape s = new Shape(dtype, 2, 1, 70, 70, 17, true);
        SampleAttentionConfig config = SampleAttentionConfig.builder().windowRatio(0.1).build();
        try (RandomInput in = RandomInput.of(dtype, s.qHeads(), s.kvHeads(), s.queries(), s.keys(), s.headDim(), 7);
             CpuEngine engine = kernels.engine()) {
            Tensor target = switch (tensor) {
                case "q" -> in.q();
                case "k" -> in.k();
                default -> in.v();
            };
            target.set(target.elementCount() - 3, Float.NaN);
            String expected = assertThrows(IllegalArgumentException.class,
                    () -> HostInput.of(in.input(), CpuBackend.NAME)).getMessage();
            SparsePlan plan = randomPlan(s, config, new SplittableRandom(3));
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> engine.attention().dense(in.input(), config)).getMessage());
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> engine.attention().sparse(in.input(), plan, config)).getMessage());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sparseMatchesReferenceUnderTheSamePlan(Kernels kernels, Shape s) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(s.causal()).windowRatio(0.1)
                .scale(0.7 / Math.sqrt(s.headDim())).build();
        try (RandomInput in = RandomInput.of(s.dtype(), s.qHeads(), s.kvHeads(), s.queries(), s.keys(), s.headDim(),
                31L * s.hashCode());
             CpuEngine engine = kernels.engine()) {
            SparsePlan plan = randomPlan(s, config, new SplittableRandom(s.hashCode()));
            try (AttentionTensor expected = reference.attention().sparse(in.input(), plan, config);
                 AttentionTensor actual = engine.attention().sparse(in.input(), plan, config)) {
                double error = RandomInput.relativeError(actual, expected);
                assertTrue(error <= RandomInput.tolerance(s.dtype()), "relative L2 error " + error);
            }
        }
    }

    /**
     * One engine keeps its packed key and value arrays between calls; shapes whose arrays have the same
     * length but other padding (d = 32 then d = 17 on 16 lanes, 128 then 100 keys) must each still
     * match the reference, dense and under a plan.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernels.class)
    void callsOfOtherShapesOnOneEngineMatchTheReference(Kernels kernels) {
        List<Shape> shapes = List.of(
                new Shape(DType.F32, 2, 1, 128, 128, 32, true),
                new Shape(DType.F32, 2, 1, 100, 128, 17, true),
                new Shape(DType.BF16, 2, 2, 100, 100, 17, false),
                new Shape(DType.F32, 2, 1, 128, 128, 32, true));
        try (CpuEngine engine = kernels.engine()) {
            for (Shape s : shapes) {
                SampleAttentionConfig config = SampleAttentionConfig.builder().causal(s.causal()).windowRatio(0.1)
                        .build();
                SparsePlan plan = randomPlan(s, config, new SplittableRandom(s.hashCode()));
                try (RandomInput in = RandomInput.of(s.dtype(), s.qHeads(), s.kvHeads(), s.queries(), s.keys(),
                        s.headDim(), s.hashCode());
                     AttentionTensor denseExpected = reference.attention().dense(in.input(), config);
                     AttentionTensor dense = engine.attention().dense(in.input(), config);
                     AttentionTensor sparseExpected = reference.attention().sparse(in.input(), plan, config);
                     AttentionTensor sparse = engine.attention().sparse(in.input(), plan, config)) {
                    assertTrue(RandomInput.relativeError(dense, denseExpected) <= RandomInput.tolerance(s.dtype()),
                            s + " dense");
                    assertTrue(RandomInput.relativeError(sparse, sparseExpected) <= RandomInput.tolerance(s.dtype()),
                            s + " sparse");
                }
            }
        }
    }

    /** Every third head dense, the others a random fifth of the columns (some inside windows, some after rows). */
    static SparsePlan randomPlan(Shape s, SampleAttentionConfig config, SplittableRandom random) {
        MaskGeometry geometry = new MaskGeometry(s.queries(), s.keys(), config.windowFor(s.keys()), s.causal());
        List<HeadPlan> heads = new ArrayList<>();
        int group = s.qHeads() / s.kvHeads();
        for (int h = 0; h < s.qHeads(); h++) {
            if (h % 3 == 2) {
                heads.add(HeadPlan.dense(h, h / group, geometry.window(), Double.NaN));
                continue;
            }
            int[] columns = random.ints(0, s.keys()).limit(Math.max(1, s.keys() / 5)).distinct().sorted().toArray();
            heads.add(new HeadPlan(h, h / group, false, geometry.window(), columns, Double.NaN));
        }
        return new SparsePlan(geometry, heads);
    }
}
