package org.sampleattention.reference;

import org.sampleattention.AttentionInput;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

/**
 * One head with strongly local (rotary-style) attention and a planted needle: key {@code position}
 * points along a direction that only the last {@code lastQueries} queries share, and its value
 * carries a distinctive 1 in the last dimension (every other value is 0 there).
 */
record NeedleInput(AttentionInput input, int position) {

    static NeedleInput build(int n, int d, int position, int lastQueries) {
        int freqs = (d - 2) / 2;
        float[] q = new float[n * d], k = new float[n * d], v = new float[n * d];
        double amplitude = Math.sqrt(40.0 * Math.sqrt(d) / freqs); // q.k / sqrt(d) = 40 at distance 0
        for (int t = 0; t < n; t++) {
            for (int f = 0; f < freqs; f++) {
                double theta = 0.9 * Math.pow(0.7, f) + 0.013 * f; // incommensurate: one peak, at distance 0
                float c = (float) (amplitude * Math.cos(theta * t)), s = (float) (amplitude * Math.sin(theta * t));
                q[t * d + 2 * f] = c;
                q[t * d + 2 * f + 1] = s;
                k[t * d + 2 * f] = c;
                k[t * d + 2 * f + 1] = s;
                v[t * d + 2 * f] = (float) Math.cos(t + f);
            }
        }
        double needleScore = Math.sqrt(42.0 * Math.sqrt(d)); // the last queries see the needle about as strongly
        for (int f = 0; f < 2 * freqs; f++) {
            k[position * d + f] = 0;
        }
        k[position * d + d - 2] = (float) needleScore;
        v[position * d + d - 1] = 1;
        for (int t = n - lastQueries; t < n; t++) {
            q[t * d + d - 2] = (float) needleScore;
        }
        return new NeedleInput(new AttentionInput(Tensor.of(DType.F32, q, 1, n, d), Tensor.of(DType.F32, k, 1, n, d),
                Tensor.of(DType.F32, v, 1, n, d)), position);
    }
}
