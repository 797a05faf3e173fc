package org.sampleattention.cli;

import org.sampleattention.Tensor;

/**
 * How far an output is from a baseline: relative L2 error {@code ||out - base|| / ||base||} over
 * everything and per head, accumulated in f64 in chunks, so outputs of any size compare.
 */
record OutputError(double overall, double[] perHead) {
    private static final int CHUNK = 1 << 16;

    static OutputError of(Tensor output, Tensor baseline) {
        if (!output.shape().equals(baseline.shape())) {
            throw new IllegalArgumentException("output " + output.shape() + " and baseline " + baseline.shape()
                    + " differ in shape");
        }
        int heads = (int) output.shape().dim(0);
        long perHead = output.elementCount() / Math.max(1, heads);
        double[] diff = new double[heads];
        double[] norm = new double[heads];
        float[] a = new float[CHUNK];
        float[] b = new float[CHUNK];
        for (int h = 0; h < heads; h++) {
            for (long at = h * perHead, end = (h + 1) * perHead; at < end; at += CHUNK) {
                int n = (int) Math.min(CHUNK, end - at);
                output.read(at, a, 0, n);
                baseline.read(at, b, 0, n);
                for (int i = 0; i < n; i++) {
                    double d = (double) a[i] - b[i];
                    diff[h] += d * d;
                    norm[h] += (double) b[i] * b[i];
                }
            }
        }
        double totalDiff = 0, totalNorm = 0;
        double[] relative = new double[heads];
        for (int h = 0; h < heads; h++) {
            totalDiff += diff[h];
            totalNorm += norm[h];
            relative[h] = ratio(diff[h], norm[h]);
        }
        return new OutputError(ratio(totalDiff, totalNorm), relative);
    }

    private static double ratio(double diff, double norm) {
        return norm == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(diff / norm);
    }
}
