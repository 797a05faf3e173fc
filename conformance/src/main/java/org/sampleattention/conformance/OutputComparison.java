package org.sampleattention.conformance;

import java.util.stream.IntStream;
import org.sampleattention.Tensor;

/**
 * Relative L2 error {@code ||got - want|| / ||want||} of a backend's {@code [Hq, Nq, d]} output over
 * chosen heads and rows, against rows the kit's oracle computes. A non-finite output gives NaN, which
 * no tolerance accepts.
 */
final class OutputComparison {
    /** The exact f64 output of row i of q-head h. */
    @FunctionalInterface
    interface ExpectedRow {
        double[] row(int qHead, int row);
    }

    private OutputComparison() {
    }

    static double relativeL2(Tensor got, ExpectedRow expected, int[] heads, int[] rows) {
        int nq = (int) got.shape().dim(1), d = (int) got.shape().dim(2);
        double[][] sums = IntStream.of(heads).parallel().mapToObj(h -> {
            float[] buf = new float[d];
            double err = 0, ref = 0;
            for (int i : rows) {
                double[] want = expected.row(h, i);
                got.read(((long) h * nq + i) * d, buf, 0, d);
                for (int c = 0; c < d; c++) {
                    double e = buf[c] - want[c];
                    err += e * e;
                    ref += want[c] * want[c];
                }
            }
            return new double[] {err, ref};
        }).toArray(double[][]::new);
        double err = 0, ref = 0;
        for (double[] s : sums) {
            err += s[0];
            ref += s[1];
        }
        if (!Double.isFinite(err)) {
            return Double.NaN;
        }
        return Math.sqrt(err / Math.max(ref, Double.MIN_NORMAL));
    }
}
