package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sampleattention.opencl.OpenClTestSupport.close;
import static org.sampleattention.opencl.OpenClTestSupport.randomInput;
import static org.sampleattention.opencl.OpenClTestSupport.relativeL2;
import static org.sampleattention.opencl.OpenClTestSupport.stripedInput;
import static org.sampleattention.opencl.OpenClTestSupport.tolerance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.SparsePlan;

/**
 * The PoCL checks at GPU sizes, on the GPU host (NVIDIA's OpenCL): every stage against the reference,
 * head dim 128, GQA, tails. The chosen device must be a GPU here, or the run is not what it claims.
 */
@Tag("gpu")
class OpenClGpuTest extends OpenClEngineTest {

    /** Runs after {@link OpenClEngineTest#openEngine}: these checks are meant for a GPU device. */
    @BeforeAll
    static void requireGpu() {
        assertTrue(DeviceChoice.choose(DeviceChoice.all()).isGpu(), "expected a GPU device, got " + engine.device());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void denseAndSparseAttentionMatchReference(DType dtype) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().windowRatio(0.08).build();
        AttentionInput input = randomInput(dtype, 8, 2, 1000, 1501, 128, 2.0, 1234 + dtype.ordinal());
        SparsePlan plan = OpenClAttentionTest.randomPlan(input, config, 77);
        assertDenseAndSparseMatchReference(input, plan, config);
    }

    @Test
    void nonCausalAttentionAtAnOddHeadDim() {
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(false).build();
        AttentionInput input = randomInput(DType.F32, 4, 4, 777, 1203, 80, 2.0, 55);
        try (AttentionTensor expected = REFERENCE.attention().dense(input, config);
             AttentionTensor actual = engine.attention().dense(input, config)) {
            double error = relativeL2(actual, expected);
            assertTrue(error <= OpenClTestSupport.F32_TOLERANCE, "relative L2 " + error);
        } finally {
            close(input);
        }
    }

    @Test
    void samplerScoresMatchReference() {
        SampleAttentionConfig config = SampleAttentionConfig.defaults();
        AttentionInput input = randomInput(DType.F16, 8, 2, 4099, 4099, 128, 1.5, 9);
        try (ColumnScores expected = REFERENCE.sampler().sample(input, config);
             ColumnScores actual = engine.sampler().sample(input, config)) {
            OpenClSamplerTest.assertAgree(expected.toHost(), actual.toHost());
        } finally {
            close(input);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sampleAttentionMatchesTheReferencePipeline(DType dtype) {
        SampleAttentionConfig config = SampleAttentionConfig.defaults();
        AttentionInput input = stripedInput(dtype, 8, 2, 4500, 4500, 128, 4242 + dtype.ordinal());
        try (SampleAttentionResult expected = new SampleAttention(REFERENCE, config).compute(input);
             SampleAttentionResult actual = new SampleAttention(engine, config).compute(input)) {
            OpenClFilterTest.assertPlansAgree(expected.plan(), actual.plan(), 0.99);
            double error = relativeL2(actual.output(), expected.output());
            assertTrue(error <= tolerance(dtype), "relative L2 " + error);
            assertTrue(actual.plan().density() < 0.5, "density " + actual.plan().density());
        } finally {
            close(input);
        }
    }
}
