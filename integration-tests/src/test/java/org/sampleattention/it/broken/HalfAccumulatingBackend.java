package org.sampleattention.it.broken;

import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.HalfFloats;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Attention;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.HostInput;

/**
 * Dense attention whose softmax denominator and output accumulators are rounded to f16 after every
 * add, as a kernel that accumulates in half precision would. Scores and their max stay exact.
 */
final class HalfAccumulatingBackend extends BrokenBackend {
    HalfAccumulatingBackend() {
        super("broken-f16-accumulation");
    }

    @Override
    Attention attention(AttentionEngine reference) {
        return new Attention() {
            @Override
            public AttentionTensor dense(AttentionInput input, SampleAttentionConfig config) {
                HostInput in = HostInput.of(input, name());
                return attendInHalf(in, config);
            }

            @Override
            public AttentionTensor sparse(AttentionInput input, SparsePlan plan, SampleAttentionConfig config) {
                return reference.attention().sparse(input, plan, config);
            }
        };
    }

    private static Tensor attendInHalf(HostInput in, SampleAttentionConfig config) {
        AttentionInput input = in.input();
        int nq = input.queryLength(), nk = input.keyLength(), d = input.headDim();
        double scale = config.scaleFor(d);
        Tensor out = Tensor.allocate(input.dtype(), input.qHeads(), nq, d);
        float[] q = new float[d], k = new float[nk * d], v = new float[nk * d], s = new float[nk], acc = new float[d];
        for (int h = 0; h < input.qHeads(); h++) {
            int g = input.kvHeadOf(h);
            in.k().read((long) g * nk * d, k, 0, nk * d);
            in.v().read((long) g * nk * d, v, 0, nk * d);
            for (int i = 0; i < nq; i++) {
                in.q().read(((long) h * nq + i) * d, q, 0, d);
                int end = config.causal() ? nk - nq + i + 1 : nk;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < end; j++) {
                    float dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += q[c] * k[j * d + c];
                    }
                    s[j] = (float) (scale * dot);
                    max = Math.max(max, s[j]);
                }
                float sum = 0;
                java.util.Arrays.fill(acc, 0);
                for (int j = 0; j < end; j++) {
                    float e = (float) Math.exp(s[j] - max);
                    sum = half(sum + e);
                    for (int c = 0; c < d; c++) {
                        acc[c] = half(acc[c] + e * v[j * d + c]);
                    }
                }
                for (int c = 0; c < d; c++) {
                    acc[c] /= sum;
                }
                out.write(((long) h * nq + i) * d, acc, 0, d);
            }
        }
        return out;
    }

    private static float half(float x) {
        return HalfFloats.fromF16(HalfFloats.toF16(x));
    }
}
