package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sampleattention.opencl.OpenClTestSupport.close;
import static org.sampleattention.opencl.OpenClTestSupport.randomInput;
import static org.sampleattention.opencl.OpenClTestSupport.relativeL2;
import static org.sampleattention.opencl.OpenClTestSupport.tolerance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.conformance.Workload;
import org.sampleattention.conformance.WorkloadKind;
import org.sampleattention.conformance.WorkloadSpec;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;

/** Dense and fixed-plan sparse attention against the reference, at odd sizes, in every dtype. */
class OpenClAttentionTest extends OpenClEngineTest {
    /** dtype, causal, hq, hkv, nq, nk, d: tails that are no multiple of any tile, GQA, Nq < Nk. */
    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (boolean causal : new boolean[] {true, false}) {
                cases.add(Arguments.of(dtype, causal, 2, 1, 77, 77, 24));
                cases.add(Arguments.of(dtype, causal, 4, 2, 45, 131, 24));
            }
        }
        cases.add(Arguments.of(DType.F32, true, 3, 3, 1, 67, 5));
        cases.add(Arguments.of(DType.F16, true, 2, 2, 70, 70, 80));
        return cases.stream();
    }

    @ParameterizedTest(name = "dense {0} causal={1} hq={2} hkv={3} nq={4} nk={5} d={6}")
    @MethodSource("shapes")
    void denseMatchesReference(DType dtype, boolean causal, int hq, int hkv, int nq, int nk, int d) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(causal).build();
        AttentionInput input = randomInput(dtype, hq, hkv, nq, nk, d, 2.0, 31L * nq + nk + d);
        try (AttentionTensor expected = REFERENCE.attention().dense(input, config);
             AttentionTensor actual = engine.attention().dense(input, config)) {
            assertEquals("host", actual.location());
            double error = relativeL2(actual, expected);
            assertTrue(error <= tolerance(dtype), "relative L2 " + error);
        } finally {
            close(input);
        }
    }

    @ParameterizedTest(name = "sparse {0} causal={1} hq={2} hkv={3} nq={4} nk={5} d={6}")
    @MethodSource("shapes")
    void sparseMatchesReference(DType dtype, boolean causal, int hq, int hkv, int nq, int nk, int d) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(causal).windowRatio(0.1).build();
        AttentionInput input = randomInput(dtype, hq, hkv, nq, nk, d, 2.0, 17L * nq + nk + d);
        SparsePlan plan = randomPlan(input, config, 5L * nk + d);
        try (AttentionTensor expected = REFERENCE.attention().sparse(input, plan, config);
             AttentionTensor actual = engine.attention().sparse(input, plan, config)) {
            double error = relativeL2(actual, expected);
            assertTrue(error <= tolerance(dtype), "relative L2 " + error);
        } finally {
            close(input);
        }
    }

    /**
     * Rows that see 32K keys keep f32 accuracy: the conformance kit's LLM workload, its last query rows
     * only (queries are the last Nq positions, so these rows are exactly the full input's last rows).
     * One rounding chain over all keys of a row measured 3e-5 here.
     */
    @Test
    void rowsOverLongContextsKeepF32Accuracy() {
        WorkloadSpec spec = new WorkloadSpec(WorkloadKind.LLM, 32768, 4099, 4, 2, 128, DType.F32, 21277065L);
        int rows = 16, d = 128, nq = spec.queryLength();
        try (Workload workload = Workload.generate(spec);
             Tensor lastRows = Tensor.allocate(DType.F32, spec.qHeads(), rows, d)) {
            float[] buffer = new float[rows * d];
            for (int h = 0; h < spec.qHeads(); h++) {
                ((Tensor) workload.input().q()).read(((long) h * nq + nq - rows) * d, buffer, 0, buffer.length);
                lastRows.write((long) h * rows * d, buffer, 0, buffer.length);
            }
            AttentionInput input = new AttentionInput(lastRows, workload.input().k(), workload.input().v());
            SampleAttentionConfig config = SampleAttentionConfig.defaults();
            try (AttentionTensor expected = REFERENCE.attention().dense(input, config);
                 AttentionTensor actual = engine.attention().dense(input, config)) {
                double error = relativeL2(actual, expected);
                assertTrue(error <= OpenClTestSupport.F32_TOLERANCE, "relative L2 " + error);
            }
        }
    }

    /** A plan with random columns per head (about a third of the keys), the first head dense. */
    static SparsePlan randomPlan(AttentionInput input, SampleAttentionConfig config, long seed) {
        int nk = input.keyLength();
        MaskGeometry geometry = new MaskGeometry(input.queryLength(), nk, config.windowFor(nk), config.causal());
        SplittableRandom random = new SplittableRandom(seed);
        List<HeadPlan> heads = new ArrayList<>();
        for (int h = 0; h < input.qHeads(); h++) {
            if (h == 0 && input.qHeads() > 1) {
                heads.add(HeadPlan.dense(h, input.kvHeadOf(h), geometry.window(), Double.NaN));
                continue;
            }
            List<Integer> chosen = new ArrayList<>();
            for (int j = 0; j < nk; j++) {
                if (random.nextInt(3) == 0) {
                    chosen.add(j);
                }
            }
            int[] columns = chosen.stream().mapToInt(Integer::intValue).toArray();
            heads.add(new HeadPlan(h, input.kvHeadOf(h), false, geometry.window(), columns, Double.NaN));
        }
        return new SparsePlan(geometry, heads);
    }
}
