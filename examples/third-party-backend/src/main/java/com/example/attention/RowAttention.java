package com.example.attention;

import java.util.stream.IntStream;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Attention;

/**
 * One pass over each row's keys with an online softmax (running maximum and rescaled sums), so no
 * score row is stored. Sparse rows visit the selected columns before the window, then the window,
 * then (non-causal only) selected columns after it: each key once.
 */
final class RowAttention implements Attention {

    @Override
    public AttentionTensor dense(AttentionInput input, SampleAttentionConfig config) {
        MaskGeometry geometry = new MaskGeometry(input.queryLength(), input.keyLength(), 1, config.causal());
        return run(HeadTensors.load(input, true), geometry, null, config);
    }

    @Override
    public AttentionTensor sparse(AttentionInput input, SparsePlan plan, SampleAttentionConfig config) {
        plan.requireFits(input, config);
        return run(HeadTensors.load(input, true), plan.geometry(), plan, config);
    }

    private static Tensor run(HeadTensors t, MaskGeometry g, SparsePlan plan, SampleAttentionConfig config) {
        AttentionInput in = t.input();
        int d = in.headDim(), nq = in.queryLength();
        float scale = (float) config.scaleFor(d);
        Tensor out = Tensor.allocate(in.dtype(), in.qHeads(), nq, d);
        IntStream.range(0, in.qHeads()).parallel().forEach(h -> {
            float[] q = t.q()[h], k = t.k()[in.kvHeadOf(h)], v = t.v()[in.kvHeadOf(h)];
            HeadPlan p = plan == null ? null : plan.head(h);
            OnlineSoftmaxRow row = new OnlineSoftmaxRow(d);
            for (int i = 0; i < nq; i++) {
                row.reset(q, i * d, scale);
                if (p == null || p.dense()) {
                    row.addRange(k, v, 0, g.visibleEnd(i));
                } else {
                    int[] columns = p.columns();
                    int start = g.windowStart(i), end = g.windowEnd(i), visibleEnd = g.visibleEnd(i);
                    for (int j : columns) {
                        if (j < start) {
                            row.add(k, v, j);
                        }
                    }
                    row.addRange(k, v, start, end);
                    for (int j : columns) {
                        if (j >= end && j < visibleEnd) {
                            row.add(k, v, j);
                        }
                    }
                }
                out.write(((long) h * nq + i) * d, row.result(), 0, d);
            }
        });
        return out;
    }
}
