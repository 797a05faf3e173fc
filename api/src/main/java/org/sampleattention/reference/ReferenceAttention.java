package org.sampleattention.reference;

import java.util.stream.IntStream;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Attention;
import org.sampleattention.spi.HostInput;

/** Dense and plan-masked attention, row by row, exact in f64. Heads run in parallel. */
final class ReferenceAttention implements Attention {

    @Override
    public AttentionTensor dense(AttentionInput input, SampleAttentionConfig config) {
        MaskGeometry geometry = new MaskGeometry(input.queryLength(), input.keyLength(), 1, config.causal());
        return run(HostInput.of(input, ReferenceBackend.NAME), geometry, null, config);
    }

    @Override
    public AttentionTensor sparse(AttentionInput input, SparsePlan plan, SampleAttentionConfig config) {
        plan.requireFits(input, config);
        return run(HostInput.of(input, ReferenceBackend.NAME), plan.geometry(), plan, config);
    }

    private static Tensor run(HostInput in, MaskGeometry geometry, SparsePlan plan, SampleAttentionConfig config) {
        AttentionInput input = in.input();
        int d = input.headDim(), nq = input.queryLength();
        double scale = config.scaleFor(d);
        HeadRows[] keys = new HeadRows[input.kvHeads()];
        HeadRows[] values = new HeadRows[input.kvHeads()];
        for (int g = 0; g < input.kvHeads(); g++) {
            keys[g] = HeadRows.load(in.k(), g);
            values[g] = HeadRows.load(in.v(), g);
        }
        Tensor out = Tensor.allocate(input.dtype(), input.qHeads(), nq, d);
        IntStream.range(0, input.qHeads()).parallel().forEach(h -> {
            HeadRows q = HeadRows.load(in.q(), h);
            int g = input.kvHeadOf(h);
            HeadPlan headPlan = plan == null ? null : plan.head(h);
            int[] keyList = new int[input.keyLength()];
            float[] row = new float[d];
            for (int i = 0; i < nq; i++) {
                int count = headPlan == null || headPlan.dense()
                        ? KeyLists.visible(geometry, i, keyList)
                        : KeyLists.sparse(geometry, i, headPlan.columns(), keyList);
                double[] p = ExactRow.probabilities(q, i, keys[g], keyList, count, scale);
                double[] o = ExactRow.weightedValues(p, values[g], keyList, count);
                for (int c = 0; c < d; c++) {
                    row[c] = (float) o[c];
                }
                out.write(((long) h * nq + i) * d, row, 0, d);
            }
        });
        return out;
    }
}
