package org.sampleattention.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sampleattention.AttentionInput;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

class RisingScoresTest {

    /** Averaged over the rows, the largest score near the last keys exceeds that near the first by about the rise. */
    @Test
    void rowMaximaRiseByAboutTheRequestedAmountInLog2Units() {
        int nq = 64, nk = 1024, d = 64;
        double rise = 24;
        AttentionInput input = RisingScores.input(5, DType.F32, 2, 1, nq, nk, d, rise);
        try (Tensor q = (Tensor) input.q(); Tensor k = (Tensor) input.k(); Tensor v = (Tensor) input.v()) {
            double scale = 1.4426950408889634 / Math.sqrt(d), gain = 0;
            int window = nk / 16;
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < nq; i++) {
                    gain += scale * (maxScore(q, k, h * nq + i, nk - window, nk, d) - maxScore(q, k, h * nq + i, 0, window, d));
                }
            }
            // the two windows' centres are 15/16 of the ramp apart
            assertEquals(rise * 15 / 16, gain / (2 * nq), 0.25 * rise);
        }
    }

    /** The largest q.k of query row {@code row} (head-major) over keys [from, to) of the one kv-head. */
    private static double maxScore(Tensor q, Tensor k, int row, int from, int to, int d) {
        float[] qi = new float[d], kj = new float[d];
        q.read((long) row * d, qi, 0, d);
        double best = Double.NEGATIVE_INFINITY;
        for (int j = from; j < to; j++) {
            k.read((long) j * d, kj, 0, d);
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += qi[c] * kj[c];
            }
            best = Math.max(best, s);
        }
        return best;
    }
}
