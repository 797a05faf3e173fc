package org.sampleattention.conformance;

import java.util.SplittableRandom;
import org.sampleattention.AttentionInput;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

/**
 * Inputs for testing a kernel's online softmax: queries lean towards a shared direction and keys carry
 * more of it the later they come, so a row's largest score keeps rising along its keys, by about
 * {@code rise} log2 units (the units GPU kernels keep their softmax in: scores times
 * {@code log2(e) / sqrt(d)}) from the first key to the last. A kernel that rescales its running sums
 * only when a block's maximum passes the reference by more than some slack then meets blocks on both
 * sides of the slack. The caller closes the three tensors.
 */
public final class RisingScores {
    /** How strongly the queries lean towards the shared direction. */
    private static final double LEAN = 0.7;
    private static final double LOG2_E = 1.4426950408889634;

    private RisingScores() {
    }

    public static AttentionInput input(long seed, DType dtype, int hq, int hkv, int nq, int nk, int d, double rise) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] direction = new float[d];
        for (int c = 0; c < d; c++) {
            direction[c] = (float) random.nextGaussian();
        }
        // q . k grows by about LEAN * |direction|^2 * ramp = LEAN * d * ramp, scaled by log2(e) / sqrt(d)
        double rampEnd = rise / (LEAN * Math.sqrt(d) * LOG2_E);
        float[] q = new float[hq * nq * d], k = new float[hkv * nk * d], v = new float[hkv * nk * d];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) (random.nextGaussian() + LEAN * direction[i % d]);
        }
        for (int i = 0; i < k.length; i++) {
            int j = (i / d) % nk;
            k[i] = (float) (random.nextGaussian() + rampEnd * j / Math.max(1, nk - 1) * direction[i % d]);
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return new AttentionInput(Tensor.of(dtype, q, hq, nq, d), Tensor.of(dtype, k, hkv, nk, d),
                Tensor.of(dtype, v, hkv, nk, d));
    }
}
