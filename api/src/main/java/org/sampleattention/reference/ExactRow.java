package org.sampleattention.reference;

/**
 * The exact softmax of one query row over a list of keys, in f64 with the maximum subtracted, as
 * the oracle defines attention.
 */
final class ExactRow {
    private ExactRow() {
    }

    /** {@code P[t] = softmax_t(scale * q . k_keys[t])}. */
    static double[] probabilities(HeadRows q, int row, HeadRows k, int[] keys, int count, double scale) {
        double[] p = new double[count];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < count; t++) {
            p[t] = scale * q.dot(row, k, keys[t]);
            max = Math.max(max, p[t]);
        }
        double sum = 0;
        for (int t = 0; t < count; t++) {
            p[t] = Math.exp(p[t] - max);
            sum += p[t];
        }
        for (int t = 0; t < count; t++) {
            p[t] /= sum;
        }
        return p;
    }

    /** {@code out = sum_t P[t] v_keys[t]}. */
    static double[] weightedValues(double[] p, HeadRows v, int[] keys, int count) {
        double[] out = new double[v.dim];
        for (int t = 0; t < count; t++) {
            int base = keys[t] * v.dim;
            for (int c = 0; c < v.dim; c++) {
                out[c] += p[t] * v.data[base + c];
            }
        }
        return out;
    }
}
