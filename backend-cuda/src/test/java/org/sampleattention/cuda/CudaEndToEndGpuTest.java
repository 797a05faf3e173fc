package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.Tensor;

/** SampleAttention end to end on device-resident inputs against the reference backend. */
@Tag("gpu")
class CudaEndToEndGpuTest extends CudaEngineTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void sampleAttentionMatchesReference(DType dtype) {
        AttentionInput host = RandomInputs.striped(System.nanoTime(), dtype, 4, 2, 611, 611, 128, 1.2f, 1.2f);
        SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).sampleRatio(0.2)
                .sampleBlock(48).build();
        AttentionInput device = new AttentionInput(cuda.upload((Tensor) host.q()), cuda.upload((Tensor) host.k()),
                cuda.upload((Tensor) host.v()));
        try (SampleAttentionResult actual = new SampleAttention(cuda, config).compute(device);
             SampleAttentionResult expected = new SampleAttention(reference, config).compute(host);
             Tensor output = cuda.download(actual.output())) {
            assertEquals("cuda:0", actual.output().location().substring(0, 6));
            CudaSamplingGpuTest.assertPlansAgree(expected.plan(), actual.plan(), dtype + " end to end");
            double error = Comparisons.relativeL2(output, (Tensor) expected.output());
            assertTrue(error <= Comparisons.tolerance(dtype), dtype + ": relative L2 error " + error);
            assertTrue(actual.stats().density() < 1.0, "the striped input should give a sparse plan, got density "
                    + actual.stats().density());
        } finally {
            RandomInputs.close(device);
            RandomInputs.close(host);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void alphaOneReproducesDense(DType dtype) {
        AttentionInput host = RandomInputs.striped(System.nanoTime(), dtype, 2, 1, 200, 333, 64);
        SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).alpha(1.0).build();
        try (SampleAttentionResult sparse = new SampleAttention(cuda, config).compute(host);
             AttentionTensor dense = reference.attention().dense(host, config)) {
            double error = Comparisons.relativeL2((Tensor) sparse.output(), (Tensor) dense);
            assertTrue(error <= Comparisons.tolerance(dtype), dtype + ": relative L2 error " + error);
        } finally {
            RandomInputs.close(host);
        }
    }
}
