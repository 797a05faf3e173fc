package org.sampleattention.it.broken;

import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.conformance.RowOracle;
import org.sampleattention.spi.HostInput;

/** Exact attention of every row over keys a broken rule picks, using the kit's f64 row math. */
final class RowAttention {
    /** Writes the keys row i of q-head h attends to into {@code out}; returns how many. */
    @FunctionalInterface
    interface KeyRule {
        int keys(int qHead, int row, int[] out);
    }

    private RowAttention() {
    }

    static Tensor attend(AttentionInput input, SampleAttentionConfig config, String backend, KeyRule rule) {
        HostInput.of(input, backend); // the same input checks as the reference: only the math is broken
        RowOracle oracle = new RowOracle(input);
        int nq = input.queryLength(), d = input.headDim();
        Tensor out = Tensor.allocate(input.dtype(), input.qHeads(), nq, d);
        int[] keys = new int[input.keyLength()];
        float[] row = new float[d];
        for (int h = 0; h < input.qHeads(); h++) {
            for (int i = 0; i < nq; i++) {
                int n = rule.keys(h, i, keys);
                double[] o = oracle.output(h, oracle.probabilities(h, i, keys, n, config), keys, n);
                for (int c = 0; c < d; c++) {
                    row[c] = (float) o[c];
                }
                out.write(((long) h * nq + i) * d, row, 0, d);
            }
        }
        return out;
    }
}
