package org.sampleattention.reference;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;

/**
 * The algorithm of DESIGN.md section 4 written the slow, obvious way, independently of the
 * reference backend: materialise a head's full score matrix, apply an explicit boolean mask, take
 * row softmaxes, and read every quantity off the matrix.
 */
final class BruteForce {
    final int nq, nk, d, window;
    final boolean causal;
    private final double scale;
    private final AttentionInput input;

    BruteForce(AttentionInput input, SampleAttentionConfig config) {
        this.input = input;
        this.nq = input.queryLength();
        this.nk = input.keyLength();
        this.d = input.headDim();
        this.window = (int) Math.max(1, Math.ceil(config.windowRatio() * nk));
        this.causal = config.causal();
        this.scale = config.scale().orElse(1 / Math.sqrt(d));
    }

    boolean visible(int i, int j) {
        return !causal || j <= nk - nq + i;
    }

    boolean inWindow(int i, int j) {
        int p = nk - nq + i;
        return j > p - window && j <= p;
    }

    /** P[i][j] for one q-head under a mask (null: every visible key). */
    double[][] probabilities(int h, Set<Integer> columns) {
        Tensor q = (Tensor) input.q(), k = (Tensor) input.k();
        int g = h / input.groupSize();
        double[][] p = new double[nq][nk];
        for (int i = 0; i < nq; i++) {
            double max = Double.NEGATIVE_INFINITY;
            boolean[] on = new boolean[nk];
            for (int j = 0; j < nk; j++) {
                on[j] = visible(i, j) && (columns == null || inWindow(i, j) || columns.contains(j));
                if (on[j]) {
                    double s = 0;
                    for (int c = 0; c < d; c++) {
                        s += (double) q.get(h, i, c) * k.get(g, j, c);
                    }
                    p[i][j] = s * scale;
                    max = Math.max(max, p[i][j]);
                }
            }
            double sum = 0;
            for (int j = 0; j < nk; j++) {
                p[i][j] = on[j] ? Math.exp(p[i][j] - max) : 0;
                sum += p[i][j];
            }
            for (int j = 0; j < nk; j++) {
                p[i][j] /= sum;
            }
        }
        return p;
    }

    /** Output rows {@code P V} for one head. */
    double[][] output(int h, double[][] p) {
        Tensor v = (Tensor) input.v();
        int g = h / input.groupSize();
        double[][] out = new double[nq][d];
        for (int i = 0; i < nq; i++) {
            for (int j = 0; j < nk; j++) {
                for (int c = 0; c < d && p[i][j] != 0; c++) {
                    out[i][c] += p[i][j] * v.get(g, j, c);
                }
            }
        }
        return out;
    }

    /** The filter rule by trying every prefix length in turn, from per-row probabilities. */
    static int[] shortestPrefixPlan(double[] total, double[][] blockResidual, double[] blockCovered, int[] blockRows,
                                    double alpha) {
        Integer[] order = new Integer[total.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> total[a] != total[b] ? Double.compare(total[b], total[a]) : Integer.compare(a, b));
        for (int len = 0; len <= order.length; len++) {
            boolean all = true;
            for (int b = 0; b < blockRows.length && all; b++) {
                double reached = blockCovered[b];
                for (int t = 0; t < len; t++) {
                    reached += blockResidual[b][order[t]];
                }
                all = reached >= alpha * blockRows[b];
            }
            if (all) {
                return new TreeSet<>(Arrays.asList(order).subList(0, len)).stream().mapToInt(Integer::intValue).toArray();
            }
        }
        return order.length == 0 ? new int[0] : java.util.stream.IntStream.range(0, order.length).toArray();
    }
}
