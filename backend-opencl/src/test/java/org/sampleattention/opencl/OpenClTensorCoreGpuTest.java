package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sampleattention.opencl.OpenClTestSupport.close;
import static org.sampleattention.opencl.OpenClTestSupport.randomInput;
import static org.sampleattention.opencl.OpenClTestSupport.relativeL2;
import static org.sampleattention.opencl.OpenClTestSupport.stripedInput;
import static org.sampleattention.opencl.OpenClTestSupport.tolerance;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.conformance.RisingScores;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.SparsePlan;

/**
 * The tensor-core kernels (inline PTX through NVIDIA's OpenCL compiler) against the reference, on the
 * GPU host: every head dim class they serve, f16 and bf16, causal and not, GQA, Nq < Nk, lengths that
 * are no multiple of any tile, sampled blocks longer than one work-group's 64 rows. (End to end at
 * d = 128, f16 and bf16, they run in OpenClGpuTest's pipeline test on the same device.) Skipped, with the
 * reason, where the device is not an NVIDIA GPU of compute capability 8.0 or newer; where it is, the
 * kernels must build (the engine's fallback to the portable kernels would otherwise hide a failure).
 */
@Tag("gpu")
class OpenClTensorCoreGpuTest extends OpenClEngineTest {
    private static OpenClEngine openCl;

    @BeforeAll
    static void requireTensorCores() {
        ClDevice device = DeviceChoice.choose(DeviceChoice.all());
        assumeTrue(TensorCorePath.enabledOn(device), "the tensor-core path needs an NVIDIA device of compute "
                + "capability 8.0+, got " + device.describe() + " (compute capability " + device.nvidiaComputeCapability() + ")");
        openCl = (OpenClEngine) engine;
    }

    static List<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        int[] dims = {16, 64, 80, 96, 128}; // 16 and 80: one and five k-steps
        int n = 0;
        for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
            for (int d : dims) {
                boolean causal = n % 2 == 0;
                int nq = n % 3 == 0 ? 1000 : 1203, nk = n % 3 == 0 ? 1501 : 1203;
                int hq = n % 2 == 0 ? 8 : 6, hkv = n % 2 == 0 ? 2 : 3;
                out.add(Arguments.of(dtype, d, hq, hkv, nq, nk, causal));
                n++;
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} d={1} hq={2} hkv={3} nq={4} nk={5} causal={6}")
    @MethodSource("shapes")
    void denseAndSparseAttentionMatchReference(DType dtype, int d, int hq, int hkv, int nq, int nk, boolean causal) {
        assertTrue(openCl.tensorCoreKernelsFor(d, dtype).isPresent(), "tensor-core kernels for " + dtype + " d=" + d);
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(causal).windowRatio(0.08).build();
        AttentionInput input = randomInput(dtype, hq, hkv, nq, nk, d, 2.0, 31L * d + dtype.ordinal());
        SparsePlan plan = OpenClAttentionTest.randomPlan(input, config, d);
        assertDenseAndSparseMatchReference(input, plan, config);
    }

    /**
     * Scores that keep rising along the keys, about 3 log2 units per 64 keys: the softmax rescales O at
     * some key tiles and keeps its reference maximum at others (attention_mma.cl's RESCALE_SLACK).
     */
    @ParameterizedTest(name = "{0} d={1} hq={2} hkv={3} nq={4} nk={5} causal={6}")
    @MethodSource("shapes")
    void denseAttentionFollowsScoresThatKeepRising(DType dtype, int d, int hq, int hkv, int nq, int nk,
                                                   boolean causal) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(causal).build();
        AttentionInput input = RisingScores.input(13L * d + dtype.ordinal(), dtype, hq, hkv, nq, nk, d, 3.0 * nk / 64);
        try (AttentionTensor expected = REFERENCE.attention().dense(input, config);
             AttentionTensor dense = engine.attention().dense(input, config)) {
            double error = relativeL2(dense, expected);
            assertTrue(error <= tolerance(dtype), "dense relative L2 " + error);
        } finally {
            close(input);
        }
    }

    @ParameterizedTest(name = "{0} d={1} hq={2} hkv={3} nq={4} nk={5} causal={6}")
    @MethodSource("shapes")
    void samplerScoresMatchReference(DType dtype, int d, int hq, int hkv, int nq, int nk, boolean causal) {
        assertTrue(openCl.tensorCoreKernelsFor(d, dtype).isPresent(), "tensor-core kernels for " + dtype + " d=" + d);
        // blocks of 100 rows take two work-groups each; a ratio of 0.3 gives several blocks
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(causal).sampleRatio(0.3)
                .sampleBlock(d == 96 || d == 16 ? 100 : 64).windowRatio(0.1).build();
        AttentionInput input = stripedInput(dtype, hq, hkv, nq, nk, d, 7L * d + dtype.ordinal());
        try (ColumnScores expectedScores = REFERENCE.sampler().sample(input, config);
             ColumnScores actualScores = engine.sampler().sample(input, config)) {
            HostColumnScores expected = expectedScores.toHost(), actual = actualScores.toHost();
            int nb = expected.layout().blocks().count();
            assertEquals(nb, actual.layout().blocks().count());
            for (int h = 0; h < hq; h++) {
                double diff = 0, mass = 0;
                for (int b = 0; b < nb; b++) {
                    diff += Math.abs(actual.covered(h, b) - expected.covered(h, b));
                    mass += expected.covered(h, b);
                    for (int j = 0; j < nk; j++) {
                        diff += Math.abs(actual.residual(h, b, j) - expected.residual(h, b, j));
                        mass += expected.residual(h, b, j);
                    }
                }
                assertEquals(expected.layout().blocks().totalRows(), mass, 1e-6 * mass, "reference mass of head " + h);
                assertTrue(diff <= 1e-4 * mass, "head " + h + ": L1 difference " + diff + " of mass " + mass);
            }
        } finally {
            close(input);
        }
    }
}
