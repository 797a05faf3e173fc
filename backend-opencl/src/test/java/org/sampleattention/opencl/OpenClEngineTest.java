package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sampleattention.opencl.OpenClTestSupport.close;
import static org.sampleattention.opencl.OpenClTestSupport.relativeL2;
import static org.sampleattention.opencl.OpenClTestSupport.tolerance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionEngine;

/**
 * One OpenCL engine per test class (building the kernels is the slow part on PoCL), skipped with the
 * probe's reason where OpenCL is absent, and the reference engine to compare against.
 */
abstract class OpenClEngineTest {
    static final AttentionEngine REFERENCE = OpenClTestSupport.reference();
    static AttentionEngine engine;

    @BeforeAll
    static void openEngine() {
        engine = OpenClTestSupport.engineOrSkip();
    }

    /**
     * Dense and plan-masked attention of the engine against the reference, each within the dtype's
     * tolerance; closes the input.
     */
    static void assertDenseAndSparseMatchReference(AttentionInput input, SparsePlan plan, SampleAttentionConfig config) {
        try (AttentionTensor expectedDense = REFERENCE.attention().dense(input, config);
             AttentionTensor dense = engine.attention().dense(input, config);
             AttentionTensor expectedSparse = REFERENCE.attention().sparse(input, plan, config);
             AttentionTensor sparse = engine.attention().sparse(input, plan, config)) {
            double denseError = relativeL2(dense, expectedDense), sparseError = relativeL2(sparse, expectedSparse);
            assertTrue(denseError <= tolerance(input.dtype()), "dense relative L2 " + denseError);
            assertTrue(sparseError <= tolerance(input.dtype()), "sparse relative L2 " + sparseError);
        } finally {
            close(input);
        }
    }

    @AfterAll
    static void releaseEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
