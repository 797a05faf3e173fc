package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;

/** Dense and plan-masked attention on the device against the reference backend, on fresh random inputs. */
@Tag("gpu")
class CudaAttentionGpuTest extends CudaEngineTest {
    static List<AttentionCases> cases() {
        return AttentionCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void denseMatchesReference(AttentionCases c) {
        AttentionInput input = RandomInputs.striped(System.nanoTime(), c.dtype(), c.hq(), c.hkv(), c.nq(), c.nk(), c.d());
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).build();
        try (AttentionTensor actual = cuda.attention().dense(input, config);
             AttentionTensor expected = reference.attention().dense(input, config)) {
            double error = Comparisons.relativeL2((Tensor) actual, (Tensor) expected);
            assertTrue(error <= Comparisons.tolerance(c.dtype()), c + ": relative L2 error " + error);
        } finally {
            RandomInputs.close(input);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sparseMatchesReference(AttentionCases c) {
        long seed = System.nanoTime();
        AttentionInput input = RandomInputs.striped(seed, c.dtype(), c.hq(), c.hkv(), c.nq(), c.nk(), c.d());
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).windowRatio(0.1).build();
        SparsePlan plan = randomPlan(new Random(seed), input, config);
        try (AttentionTensor actual = cuda.attention().sparse(input, plan, config);
             AttentionTensor expected = reference.attention().sparse(input, plan, config)) {
            double error = Comparisons.relativeL2((Tensor) actual, (Tensor) expected);
            assertTrue(error <= Comparisons.tolerance(c.dtype()), c + ": relative L2 error " + error);
        } finally {
            RandomInputs.close(input);
        }
    }

    /** About a tenth of the keys per head, one head dense, one with no columns (window only). */
    static SparsePlan randomPlan(Random random, AttentionInput input, SampleAttentionConfig config) {
        MaskGeometry geometry = new MaskGeometry(input.queryLength(), input.keyLength(),
                config.windowFor(input.keyLength()), config.causal());
        List<HeadPlan> heads = new ArrayList<>();
        for (int h = 0; h < input.qHeads(); h++) {
            int g = input.kvHeadOf(h);
            if (h == 1) {
                heads.add(HeadPlan.dense(h, g, geometry.window(), Double.NaN));
                continue;
            }
            List<Integer> cols = new ArrayList<>();
            for (int j = 0; j < input.keyLength(); j++) {
                if (h != 2 && random.nextInt(10) == 0) {
                    cols.add(j);
                }
            }
            heads.add(new HeadPlan(h, g, false, geometry.window(), cols.stream().mapToInt(Integer::intValue).toArray(),
                    Double.NaN));
        }
        return new SparsePlan(geometry, heads);
    }
}
