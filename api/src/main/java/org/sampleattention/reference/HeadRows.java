package org.sampleattention.reference;

import org.sampleattention.Tensor;

/** One head of a {@code [heads, tokens, d]} tensor copied into a float array, widened to f32. */
final class HeadRows {
    final int tokens;
    final int dim;
    final float[] data;

    private HeadRows(int tokens, int dim, float[] data) {
        this.tokens = tokens;
        this.dim = dim;
        this.data = data;
    }

    static HeadRows load(Tensor t, int head) {
        int tokens = (int) t.shape().dim(1);
        int dim = (int) t.shape().dim(2);
        long n = (long) tokens * dim;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the reference backend holds one head in a float[]: " + tokens
                    + " tokens x " + dim + " dims is too large");
        }
        float[] data = new float[(int) n];
        t.read(head * n, data, 0, (int) n);
        return new HeadRows(tokens, dim, data);
    }

    double dot(int row, HeadRows other, int otherRow) {
        double sum = 0;
        int a = row * dim, b = otherRow * dim;
        for (int c = 0; c < dim; c++) {
            sum += (double) data[a + c] * other.data[b + c];
        }
        return sum;
    }
}
