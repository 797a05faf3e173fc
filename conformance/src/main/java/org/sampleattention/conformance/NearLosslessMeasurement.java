package org.sampleattention.conformance;

import java.util.List;
import java.util.stream.IntStream;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;

/**
 * What a SampleAttention run did to a workload, measured by the kit itself: per head, the true
 * coverage of each checked row (dense f64 attention mass on the keys the plan gave it), the
 * output's relative L2 error against exact dense attention on those rows, and how much of the
 * needle's value reached the needle rows.
 *
 * @param needleRecall min over needle heads and needle rows of
 *                     {@code <o_backend, e> / <o_dense, e>} along the needle's value dimension
 *                     (NaN when the workload has no needle)
 */
public record NearLosslessMeasurement(List<Head> heads, int checkedRows, boolean allRows, double needleRecall) {

    public NearLosslessMeasurement {
        heads = List.copyOf(heads);
    }

    /** One q-head's figures. */
    public record Head(int qHead, WorkloadKind kind, boolean dense, int columns, double density,
                       double meanCoverage, double minCoverage, double outputError) {
    }

    /**
     * Measures {@code output} (the backend's SampleAttention output, host) made with {@code plan} on
     * {@code workload}, at rows chosen by {@link EvaluationRows} with {@code rowBudget}, on the heads given.
     */
    public static NearLosslessMeasurement measure(Workload workload, SparsePlan plan, Tensor output,
                                                  SampleAttentionConfig config, int rowBudget, int[] qHeads) {
        RowOracle oracle = new RowOracle(workload.input());
        int nq = workload.spec().queryLength(), d = workload.spec().headDim();
        int[] rows = EvaluationRows.choose(nq, rowBudget);
        MaskGeometry geometry = plan.geometry();
        int[] needleHeads = workload.needleHeads();
        int needleFrom = nq - workload.needleRows();
        double[] recall = new double[qHeads.length];
        List<Head> heads = IntStream.range(0, qHeads.length).parallel().mapToObj(t -> {
            int h = qHeads[t];
            HeadPlan hp = plan.head(h);
            boolean needleHead = java.util.Arrays.binarySearch(needleHeads, h) >= 0;
            int[] list = new int[workload.spec().keyLength()];
            int[] all = IntStream.range(0, workload.spec().keyLength()).toArray(); // p[j] is key j's probability
            float[] got = new float[d];
            double sumCov = 0, minCov = Double.POSITIVE_INFINITY, errSq = 0, refSq = 0;
            double minRecall = Double.POSITIVE_INFINITY;
            for (int i : rows) {
                double[] p = oracle.probabilities(h, i, config);
                int count = RowOracle.keysOf(hp, geometry, i, list);
                double cov = 0;
                for (int c = 0; c < count; c++) {
                    cov += p[list[c]];
                }
                sumCov += cov;
                minCov = Math.min(minCov, cov);
                double[] dense = oracle.output(h, p, all, p.length);
                output.read(((long) h * nq + i) * d, got, 0, d);
                for (int c = 0; c < d; c++) {
                    double e = got[c] - dense[c];
                    errSq += e * e;
                    refSq += dense[c] * dense[c];
                }
                if (needleHead && i >= needleFrom) {
                    minRecall = Math.min(minRecall, got[Workload.NEEDLE_VALUE_DIM] / dense[Workload.NEEDLE_VALUE_DIM]);
                }
            }
            recall[t] = needleHead ? minRecall : Double.NaN;
            return new Head(h, workload.headKind(h), hp.dense(), hp.columnCount(), plan.density(h),
                    sumCov / rows.length, minCov, Math.sqrt(errSq / Math.max(refSq, Double.MIN_NORMAL)));
        }).toList();
        double needle = Double.NaN;
        for (double r : recall) {
            if (!Double.isNaN(r)) {
                needle = Double.isNaN(needle) ? r : Math.min(needle, r);
            }
        }
        return new NearLosslessMeasurement(heads, rows.length,
                EvaluationRows.all(rows, nq), needle);
    }

    public double meanCoverage() {
        return heads.stream().mapToDouble(Head::meanCoverage).average().orElse(Double.NaN);
    }

    public double minCoverage() {
        return heads.stream().mapToDouble(Head::minCoverage).min().orElse(Double.NaN);
    }

    /** The largest per-head output error. */
    public double maxOutputError() {
        return heads.stream().mapToDouble(Head::outputError).max().orElse(Double.NaN);
    }

    /** Mean density over the measured heads (1 for a dense head). */
    public double density() {
        return heads.stream().mapToDouble(Head::density).average().orElse(Double.NaN);
    }
}
