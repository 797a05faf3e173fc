package com.example.attention;

/** Accumulates {@code softmax(scale * q . k_j) v_j} over keys added one by one, in f32. */
final class OnlineSoftmaxRow {
    private final int d;
    private final float[] acc;
    private final float[] out;
    private float[] q;
    private int qOffset;
    private float scale;
    private float max;
    private float sum;

    OnlineSoftmaxRow(int d) {
        this.d = d;
        this.acc = new float[d];
        this.out = new float[d];
    }

    void reset(float[] q, int qOffset, float scale) {
        this.q = q;
        this.qOffset = qOffset;
        this.scale = scale;
        this.max = Float.NEGATIVE_INFINITY;
        this.sum = 0;
        java.util.Arrays.fill(acc, 0);
    }

    void addRange(float[] k, float[] v, int from, int to) {
        for (int j = from; j < to; j++) {
            add(k, v, j);
        }
    }

    void add(float[] k, float[] v, int j) {
        float s = 0;
        int base = j * d;
        for (int c = 0; c < d; c++) {
            s += q[qOffset + c] * k[base + c];
        }
        s *= scale;
        if (s > max) {
            // a new maximum: rescale what was accumulated under the old one
            float correction = (float) Math.exp(max - s);
            sum *= correction;
            for (int c = 0; c < d; c++) {
                acc[c] *= correction;
            }
            max = s;
        }
        float w = (float) Math.exp(s - max);
        sum += w;
        for (int c = 0; c < d; c++) {
            acc[c] += w * v[base + c];
        }
    }

    float[] result() {
        for (int c = 0; c < d; c++) {
            out[c] = acc[c] / sum;
        }
        return out;
    }
}
