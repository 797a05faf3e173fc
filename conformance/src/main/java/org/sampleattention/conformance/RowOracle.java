package org.sampleattention.conformance;

import java.util.concurrent.ConcurrentHashMap;
import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;

/**
 * The kit's own exact attention, in f64 with the maximum subtracted, on whichever rows a criterion
 * asks for. It reads the inputs as stored (f16/bf16 widened exactly), never the backend under test,
 * so coverage and errors are measured against an independent oracle that computes DESIGN.md section 4
 * by definition. Thread-safe.
 */
public final class RowOracle {
    private final AttentionInput input;
    private final Tensor q;
    private final Tensor k;
    private final Tensor v;
    private final ConcurrentHashMap<Integer, float[]> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, float[]> values = new ConcurrentHashMap<>();

    /** An oracle over a host input (q, k and v must be host {@link Tensor}s). */
    public RowOracle(AttentionInput input) {
        this.input = input;
        this.q = host(input, input.q());
        this.k = host(input, input.k());
        this.v = host(input, input.v());
    }

    private static Tensor host(AttentionInput input, org.sampleattention.AttentionTensor t) {
        if (t instanceof Tensor h) {
            return h;
        }
        throw new IllegalArgumentException("the row oracle needs host tensors, got one at " + t.location());
    }

    public AttentionInput input() {
        return input;
    }

    /** Softmax of row i of q-head h over every key it may see ({@code [0, visibleEnd)}). */
    public double[] probabilities(int qHead, int row, SampleAttentionConfig config) {
        int end = geometry(config).visibleEnd(row);
        return probabilities(qHead, row, identity(end), end, config);
    }

    /** Softmax of row i of q-head h over {@code keys[0..count)}. */
    public double[] probabilities(int qHead, int row, int[] keyList, int count, SampleAttentionConfig config) {
        int d = input.headDim();
        float[] kk = keysOf(input.kvHeadOf(qHead));
        float[] qi = new float[d];
        q.read(((long) qHead * input.queryLength() + row) * d, qi, 0, d);
        double scale = config.scaleFor(d);
        double[] p = new double[count];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < count; t++) {
            int base = keyList[t] * d;
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += (double) qi[c] * kk[base + c];
            }
            p[t] = scale * dot;
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

    /** {@code sum_t p[t] v[keys[t]]} for q-head h's kv-head. */
    public double[] output(int qHead, double[] p, int[] keyList, int count) {
        int d = input.headDim();
        float[] vv = valuesOf(input.kvHeadOf(qHead));
        double[] out = new double[d];
        for (int t = 0; t < count; t++) {
            int base = keyList[t] * d;
            for (int c = 0; c < d; c++) {
                out[c] += p[t] * vv[base + c];
            }
        }
        return out;
    }

    /** Exact output of row i of q-head h attending to every key it may see. */
    public double[] denseRow(int qHead, int row, SampleAttentionConfig config) {
        int end = geometry(config).visibleEnd(row);
        int[] all = identity(end);
        return output(qHead, probabilities(qHead, row, all, end, config), all, end);
    }

    /** Exact output of row i of q-head h under a head plan: its window plus the plan's columns. */
    public double[] planRow(int qHead, int row, HeadPlan plan, MaskGeometry geometry, SampleAttentionConfig config) {
        int[] list = new int[input.keyLength()];
        int count = keysOf(plan, geometry, row, list);
        return output(qHead, probabilities(qHead, row, list, count, config), list, count);
    }

    /** {@code K(i)} of DESIGN.md section 4 (every visible key for a dense head), ascending, into {@code out}. */
    public static int keysOf(HeadPlan plan, MaskGeometry g, int row, int[] out) {
        int visibleEnd = g.visibleEnd(row);
        if (plan.dense()) {
            for (int j = 0; j < visibleEnd; j++) {
                out[j] = j;
            }
            return visibleEnd;
        }
        int start = g.windowStart(row), end = g.windowEnd(row), n = 0;
        int[] columns = plan.columns();
        for (int j : columns) {
            if (j < start) {
                out[n++] = j;
            }
        }
        for (int j = start; j < end; j++) {
            out[n++] = j;
        }
        for (int j : columns) {
            if (j >= end && j < visibleEnd) {
                out[n++] = j;
            }
        }
        return n;
    }

    public MaskGeometry geometry(SampleAttentionConfig config) {
        return new MaskGeometry(input.queryLength(), input.keyLength(), config.windowFor(input.keyLength()),
                config.causal());
    }

    private static int[] identity(int n) {
        int[] all = new int[n];
        for (int j = 0; j < n; j++) {
            all[j] = j;
        }
        return all;
    }

    private float[] keysOf(int kvHead) {
        return keys.computeIfAbsent(kvHead, g -> load(k, g));
    }

    private float[] valuesOf(int kvHead) {
        return values.computeIfAbsent(kvHead, g -> load(v, g));
    }

    private static float[] load(Tensor t, int head) {
        long n = t.shape().dim(1) * t.shape().dim(2);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("one head of " + t.shape() + " does not fit in a float[]");
        }
        float[] data = new float[(int) n];
        t.read(head * n, data, 0, (int) n);
        return data;
    }
}
