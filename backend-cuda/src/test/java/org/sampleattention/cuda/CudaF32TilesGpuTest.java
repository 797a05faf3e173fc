package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.conformance.RisingScores;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.SparsePlan;

/**
 * The f32 tile kernels ({@link F32Tiles}) where their online softmax works hardest: scores that keep
 * rising along the keys (about 3 log2 units per 64 keys), so that rows move their shift over many key
 * tiles, at lengths of many tiles and sampled blocks of two tiles (100 rows), on fresh inputs each run.
 */
@Tag("gpu")
class CudaF32TilesGpuTest extends CudaEngineTest {
    static List<AttentionCases> cases() {
        List<AttentionCases> cases = new ArrayList<>();
        for (int d : new int[] {64, 96, 128, 256}) {
            cases.add(new AttentionCases(DType.F32, 4, 2, 900, 1000, d, true));
            cases.add(new AttentionCases(DType.F32, 2, 1, 333, 333, d, false));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void denseAttentionFollowsRisingScores(AttentionCases c) {
        long seed = System.nanoTime();
        AttentionInput input = rising(c, seed);
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).build();
        try {
            check(c + " seed " + seed, () -> cuda.attention().dense(input, config),
                    () -> reference.attention().dense(input, config));
        } finally {
            RandomInputs.close(input);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sparseAttentionFollowsRisingScores(AttentionCases c) {
        long seed = System.nanoTime();
        AttentionInput input = rising(c, seed);
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).windowRatio(0.1).build();
        SparsePlan plan = CudaAttentionGpuTest.randomPlan(new Random(seed), input, config);
        try {
            check(c + " seed " + seed, () -> cuda.attention().sparse(input, plan, config),
                    () -> reference.attention().sparse(input, plan, config));
        } finally {
            RandomInputs.close(input);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sampledScoresFollowRisingScores(AttentionCases c) {
        long seed = System.nanoTime();
        AttentionInput input = rising(c, seed);
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).sampleRatio(0.3)
                .sampleBlock(100).windowRatio(0.1).minSparseLength(0).build();
        try (ColumnScores expected = reference.sampler().sample(input, config);
             ColumnScores actual = cuda.sampler().sample(input, config)) {
            Comparisons.assertScoresAgree(c + " seed " + seed, expected.toHost(), actual.toHost());
        } finally {
            RandomInputs.close(input);
        }
    }

    private static AttentionInput rising(AttentionCases c, long seed) {
        return RisingScores.input(seed, c.dtype(), c.hq(), c.hkv(), c.nq(), c.nk(), c.d(), 3.0 * c.nk() / 64);
    }

    private static void check(String what, Supplier<AttentionTensor> device, Supplier<AttentionTensor> exact) {
        try (AttentionTensor actual = device.get(); AttentionTensor expected = exact.get()) {
            double error = Comparisons.relativeL2((Tensor) actual, (Tensor) expected);
            assertTrue(error <= Comparisons.tolerance(DType.F32), what + ": relative L2 error " + error);
        }
    }
}
