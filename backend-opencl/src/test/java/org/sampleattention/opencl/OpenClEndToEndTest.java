package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sampleattention.opencl.OpenClTestSupport.close;
import static org.sampleattention.opencl.OpenClTestSupport.relativeL2;
import static org.sampleattention.opencl.OpenClTestSupport.stripedInput;
import static org.sampleattention.opencl.OpenClTestSupport.tolerance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.Tensor;

/** SampleAttention through the OpenCL engine against the same pipeline on the reference backend. */
class OpenClEndToEndTest extends OpenClEngineTest {
    private static SampleAttentionConfig config(boolean causal) {
        return SampleAttentionConfig.builder().causal(causal).minSparseLength(64).sampleBlock(16).sampleRatio(0.1)
                .windowRatio(0.05).build();
    }

    @ParameterizedTest(name = "{0} causal={1} nq={2} nk={3} d={4}")
    @CsvSource({"F32, true, 257, 257, 32", "F16, true, 257, 257, 32", "BF16, true, 257, 257, 32",
            "F32, false, 190, 301, 20", "F16, false, 190, 301, 20", "BF16, true, 120, 301, 40"})
    void outputAndPlanMatchTheReferencePipeline(DType dtype, boolean causal, int nq, int nk, int d) {
        SampleAttentionConfig config = config(causal);
        AttentionInput input = stripedInput(dtype, 4, 2, nq, nk, d, 3L * nk + d);
        try (SampleAttentionResult expected = new SampleAttention(REFERENCE, config).compute(input);
             SampleAttentionResult actual = new SampleAttention(engine, config).compute(input)) {
            assertEquals("opencl", actual.stats().backend());
            OpenClFilterTest.assertPlansAgree(expected.plan(), actual.plan(), 0.99);
            double error = relativeL2(actual.output(), expected.output());
            assertTrue(error <= tolerance(dtype), "relative L2 against the reference pipeline " + error);
            assertTrue(actual.plan().density() < 1.0, "the striped input should give a sparse plan");
        } finally {
            close(input);
        }
    }

    @Test
    void alphaOneReproducesDenseAttention() {
        SampleAttentionConfig config = config(true).toBuilder().alpha(1.0).denseFallbackDensity(1.0).build();
        AttentionInput input = stripedInput(DType.F32, 2, 1, 150, 150, 16, 8);
        try (SampleAttentionResult sparse = new SampleAttention(engine, config).compute(input);
             AttentionTensor dense = REFERENCE.attention().dense(input, config)) {
            double error = relativeL2(sparse.output(), dense);
            assertTrue(error <= OpenClTestSupport.F32_TOLERANCE, "relative L2 against dense " + error);
        } finally {
            close(input);
        }
    }

    @Test
    void deviceResidentInputStaysOnTheDevice() {
        SampleAttentionConfig config = config(true);
        AttentionInput host = stripedInput(DType.F16, 4, 1, 200, 200, 24, 21);
        try (AttentionTensor q = engine.upload((Tensor) host.q()); AttentionTensor k = engine.upload((Tensor) host.k());
             AttentionTensor v = engine.upload((Tensor) host.v());
             SampleAttentionResult onDevice = new SampleAttention(engine, config).compute(new AttentionInput(q, k, v));
             SampleAttentionResult expected = new SampleAttention(REFERENCE, config).compute(host);
             Tensor output = engine.download(onDevice.output())) {
            assertTrue(onDevice.output().location().startsWith("opencl:"), onDevice.output().location());
            double error = relativeL2(output, expected.output());
            assertTrue(error <= OpenClTestSupport.HALF_TOLERANCE, "relative L2 " + error);
        } finally {
            close(host);
        }
    }
}
