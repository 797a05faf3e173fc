package org.sampleattention.reference;

import java.util.SplittableRandom;
import org.sampleattention.AttentionInput;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

/** Fresh Gaussian inputs; q and k scaled so that softmax rows are peaked, not uniform. */
final class RandomInputs {
    private RandomInputs() {
    }

    static AttentionInput of(DType dtype, int hq, int hkv, int nq, int nk, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new AttentionInput(tensor(dtype, random, 2.0, hq, nq, d), tensor(dtype, random, 2.0, hkv, nk, d),
                tensor(dtype, random, 1.0, hkv, nk, d));
    }

    static Tensor tensor(DType dtype, SplittableRandom random, double sigma, int heads, int tokens, int d) {
        float[] values = new float[heads * tokens * d];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * sigma);
        }
        return Tensor.of(dtype, values, heads, tokens, d);
    }

    static void close(AttentionInput input) {
        input.q().close();
        input.k().close();
        input.v().close();
    }
}
