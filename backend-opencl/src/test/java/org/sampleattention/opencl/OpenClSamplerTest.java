package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sampleattention.opencl.OpenClTestSupport.close;
import static org.sampleattention.opencl.OpenClTestSupport.randomInput;

import java.util.ArrayList;
import java.util.List;
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
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HostColumnScores;

/** Per-block residual column scores and covered masses against the reference sampler. */
class OpenClSamplerTest extends OpenClEngineTest {
    /** dtype, causal, hq, hkv, nq, nk, d, sampleBlock, sampleRatio: sampled segments and all-rows cases. */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (boolean causal : new boolean[] {true, false}) {
                cases.add(Arguments.of(dtype, causal, 4, 2, 300, 300, 24, 16, 0.1)); // two sampled segments
                cases.add(Arguments.of(dtype, causal, 2, 1, 45, 133, 17, 16, 1.0));  // every row, first block short
            }
        }
        cases.add(Arguments.of(DType.F32, true, 3, 1, 1, 70, 8, 64, 0.05));          // one query row
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} causal={1} hq={2} hkv={3} nq={4} nk={5} d={6} block={7} ratio={8}")
    @MethodSource("cases")
    void scoresMatchReference(DType dtype, boolean causal, int hq, int hkv, int nq, int nk, int d, int block,
                              double ratio) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(causal).sampleBlock(block)
                .sampleRatio(ratio).windowRatio(0.1).build();
        AttentionInput input = randomInput(dtype, hq, hkv, nq, nk, d, 1.5, 7L * nq + nk + d);
        try (ColumnScores expected = REFERENCE.sampler().sample(input, config);
             ColumnScores actual = engine.sampler().sample(input, config)) {
            assertAgree(expected.toHost(), actual.toHost());
        } finally {
            close(input);
        }
    }

    @Test
    void deviceResidentInputGivesTheSameScores() {
        SampleAttentionConfig config = SampleAttentionConfig.builder().sampleBlock(8).sampleRatio(0.2).build();
        AttentionInput host = randomInput(DType.BF16, 2, 1, 50, 64, 16, 1.5, 99);
        try (AttentionTensor q = engine.upload((Tensor) host.q()); AttentionTensor k = engine.upload((Tensor) host.k());
             AttentionTensor v = engine.upload((Tensor) host.v());
             ColumnScores fromHost = engine.sampler().sample(host, config);
             ColumnScores fromDevice = engine.sampler().sample(new AttentionInput(q, k, v), config)) {
            HostColumnScores a = fromHost.toHost(), b = fromDevice.toHost();
            for (int h = 0; h < 2; h++) {
                assertTrue(java.util.Arrays.equals(a.residualOf(h), b.residualOf(h)), "head " + h);
            }
        } finally {
            close(host);
        }
    }

    static void assertAgree(HostColumnScores expected, HostColumnScores actual) {
        assertEquals(expected.layout().blocks().count(), actual.layout().blocks().count());
        int nb = expected.layout().blocks().count();
        for (int h = 0; h < expected.layout().qHeads(); h++) {
            float[] e = expected.residualOf(h), a = actual.residualOf(h);
            double diff = 0, norm = 0;
            for (int j = 0; j < e.length; j++) {
                diff += (double) (e[j] - a[j]) * (e[j] - a[j]);
                norm += (double) e[j] * e[j];
            }
            assertTrue(Math.sqrt(diff) <= 1e-5 * Math.max(1, Math.sqrt(norm)),
                    "head " + h + ": residual scores differ by " + Math.sqrt(diff) + " (norm " + Math.sqrt(norm) + ")");
            for (int b = 0; b < nb; b++) {
                double rows = expected.layout().blocks().rows(b);
                assertEquals(expected.covered(h, b), actual.covered(h, b), 1e-5 * rows,
                        "head " + h + " block " + b + " covered mass");
                double total = actual.covered(h, b);
                for (int j = 0; j < expected.layout().keyLength(); j++) {
                    total += actual.residual(h, b, j);
                }
                assertEquals(rows, total, 1e-4 * rows, "every sampled row's probabilities sum to one");
            }
        }
    }
}
