package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionEngine;

/**
 * The Hopper (wgmma) attention and sampling kernels against the reference and against the mma.sync
 * kernels they replace, on a device of compute capability 9.0: shapes with many key blocks and
 * gathered columns (so every pipeline stage and mask path runs), GQA, Nq &lt; Nk, causal and not,
 * lengths that are multiples of no tile, sampled blocks shorter and longer than one 64-row tile.
 * Skipped, with the reason, on any other device.
 */
@Tag("gpu")
class CudaHopperGpuTest extends CudaEngineTest {

    /** An engine made with the Hopper kernels switched off: the mma.sync kernels to compare with. */
    private static AttentionEngine mmaSync;

    @BeforeAll
    static void requireHopperAndMakeTheComparisonEngine() {
        DeviceInfo device = ((CudaEngine) cuda).context().info();
        assumeTrue(HopperKernels.enabledOn(device), "the wgmma kernels need compute capability 9.0 (and "
                + HopperKernels.PROPERTY + " on); this device is " + device.summary());
        String before = System.getProperty(HopperKernels.PROPERTY);
        System.setProperty(HopperKernels.PROPERTY, "off");
        try {
            mmaSync = new CudaBackend().create();
        } finally {
            if (before == null) {
                System.clearProperty(HopperKernels.PROPERTY);
            } else {
                System.setProperty(HopperKernels.PROPERTY, before);
            }
        }
    }

    @AfterAll
    static void closeTheComparisonEngine() {
        if (mmaSync != null) {
            mmaSync.close();
            mmaSync = null;
        }
    }

    static List<AttentionCases> cases() {
        List<AttentionCases> cases = new ArrayList<>();
        for (DType dtype : new DType[] {DType.BF16, DType.F16}) {
            cases.add(new AttentionCases(dtype, 8, 2, 1000, 1000, 128, true));
            cases.add(new AttentionCases(dtype, 4, 4, 700, 2049, 128, false));
            cases.add(new AttentionCases(dtype, 6, 3, 517, 1301, 64, true));
            cases.add(new AttentionCases(dtype, 2, 1, 129, 129, 64, false));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void denseAndSparseMatchTheReferenceAndTheMmaSyncKernel(AttentionCases c) {
        long seed = System.nanoTime();
        AttentionInput input = RandomInputs.striped(seed, c.dtype(), c.hq(), c.hkv(), c.nq(), c.nk(), c.d());
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).windowRatio(0.1).build();
        SparsePlan plan = CudaAttentionGpuTest.randomPlan(new Random(seed), input, config);
        String what = c + " seed " + seed;
        try {
            check(c, what + " dense", e -> e.attention().dense(input, config), reference.attention().dense(input, config));
            check(c, what + " sparse", e -> e.attention().sparse(input, plan, config),
                    reference.attention().sparse(input, plan, config));
        } finally {
            RandomInputs.close(input);
        }
    }

    /**
     * Scores that keep rising along the keys, about 3 log2 units per block of 64: the wgmma kernel's
     * softmax rescales O at some blocks and keeps its reference maximum at others (RESCALE_SLACK).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void denseAttentionFollowsScoresThatKeepRising(AttentionCases c) {
        long seed = System.nanoTime();
        AttentionInput input = rising(c, seed);
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).build();
        try {
            check(c, c + " seed " + seed + " rising scores", e -> e.attention().dense(input, config),
                    reference.attention().dense(input, config));
        } finally {
            RandomInputs.close(input);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sampledScoresMatchTheReferenceAndTheMmaSyncKernel(AttentionCases c) {
        long seed = System.nanoTime();
        AttentionInput input = RandomInputs.striped(seed, c.dtype(), c.hq(), c.hkv(), c.nq(), c.nk(), c.d());
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).sampleRatio(0.3)
                .sampleBlock(c.d() == 64 ? 100 : 48).windowRatio(0.1).minSparseLength(0).build();
        try (ColumnScores expected = reference.sampler().sample(input, config);
             ColumnScores hopper = cuda.sampler().sample(input, config);
             ColumnScores fromMmaSync = mmaSync.sampler().sample(input, config)) {
            HostColumnScores wanted = expected.toHost();
            Comparisons.assertScoresAgree(c + " seed " + seed + " wgmma vs reference", wanted, hopper.toHost());
            Comparisons.assertScoresAgree(c + " seed " + seed + " wgmma vs mma.sync", fromMmaSync.toHost(), hopper.toHost());
        } finally {
            RandomInputs.close(input);
        }
    }

    /**
     * Scores that keep rising along the keys, as for attention above: pass 1 of both samplers keeps a
     * row's shift over some blocks and moves it at others (RESCALE_SLACK in sampled_rows.cuh).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sampledScoresFollowScoresThatKeepRising(AttentionCases c) {
        long seed = System.nanoTime();
        AttentionInput input = rising(c, seed);
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).sampleRatio(0.3)
                .windowRatio(0.1).minSparseLength(0).build();
        try (ColumnScores expected = reference.sampler().sample(input, config);
             ColumnScores hopper = cuda.sampler().sample(input, config);
             ColumnScores fromMmaSync = mmaSync.sampler().sample(input, config)) {
            HostColumnScores wanted = expected.toHost();
            Comparisons.assertScoresAgree(c + " seed " + seed + " rising scores, wgmma vs reference", wanted, hopper.toHost());
            Comparisons.assertScoresAgree(c + " seed " + seed + " rising scores, mma.sync vs reference", wanted,
                    fromMmaSync.toHost());
        } finally {
            RandomInputs.close(input);
        }
    }

    /** Inputs whose scores rise by about 3 log2 units per block of 64 keys. */
    private static AttentionInput rising(AttentionCases c, long seed) {
        return RisingScores.input(seed, c.dtype(), c.hq(), c.hkv(), c.nq(), c.nk(), c.d(), 3.0 * c.nk() / 64);
    }

    private static void check(AttentionCases c, String what, Function<AttentionEngine, AttentionTensor> call,
                              AttentionTensor expected) {
        try (expected; AttentionTensor hopper = call.apply(cuda); AttentionTensor fromMmaSync = call.apply(mmaSync)) {
            double error = Comparisons.relativeL2((Tensor) hopper, (Tensor) expected);
            assertTrue(error <= Comparisons.tolerance(c.dtype()), what + ": relative L2 error " + error);
            double between = Comparisons.relativeL2((Tensor) hopper, (Tensor) fromMmaSync);
            assertTrue(between <= Comparisons.tolerance(c.dtype()), what + ": wgmma and mma.sync kernels differ by "
                    + between);
        }
    }
}
