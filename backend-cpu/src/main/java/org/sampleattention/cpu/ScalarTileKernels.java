package org.sampleattention.cpu;

/**
 * The scalar twin of {@link VectorTileKernels}: plain loops in the same order of operations, used
 * when the Vector API is not available and as the second opinion in tests.
 */
final class ScalarTileKernels implements TileKernels {

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public String description() {
        return "scalar Java";
    }

    @Override
    public void scores(float[] q, int rowFrom, int rowTo, int d, float[] kt, int ktOff, int bk, int from, int to, float[] s) {
        for (int r = rowFrom; r < rowTo; r++) {
            int sRow = r * bk;
            java.util.Arrays.fill(s, sRow + from, sRow + to, 0f);
            for (int c = 0; c < d; c++) {
                float qc = q[r * d + c];
                int k = ktOff + c * bk;
                for (int j = from; j < to; j++) {
                    s[sRow + j] = Math.fma(qc, kt[k + j], s[sRow + j]);
                }
            }
        }
    }

    @Override
    public void accumulate(float[] p, int rowFrom, int rowTo, int bk, int from, int to, float[] v, int vOff, int dp, float[] o) {
        for (int r = rowFrom; r < rowTo; r++) {
            int oRow = r * dp;
            for (int j = from; j < to; j++) {
                float pj = p[r * bk + j];
                if (pj == 0f) {
                    continue; // masked keys and padding: nothing to add
                }
                int vRow = vOff + j * dp;
                for (int c = 0; c < dp; c++) {
                    o[oRow + c] = Math.fma(pj, v[vRow + c], o[oRow + c]);
                }
            }
        }
    }

    @Override
    public float max(float[] a, int from, int len) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + len; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    @Override
    public boolean anyAbove(float[] a, int from, int len, float limit) {
        for (int i = from; i < from + len; i++) {
            if (a[i] > limit) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void expShifted(float[] src, int srcOff, float[] dst, int dstOff, int len, float shift, float[] laneSums,
                           int sumsOff) {
        float sum = 0f;
        for (int i = 0; i < len; i++) {
            float e = (float) Math.exp(src[srcOff + i] - shift);
            dst[dstOff + i] = e;
            sum += e;
        }
        laneSums[sumsOff] += sum;
    }

    @Override
    public void scale(float[] a, int from, int len, float factor) {
        for (int i = from; i < from + len; i++) {
            a[i] *= factor;
        }
    }

    @Override
    public boolean allFinite(float[] a, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (!Float.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean allFiniteThenScale(float[] a, int from, int len, float factor) {
        boolean finite = true;
        for (int i = from; i < from + len; i++) {
            finite &= Float.isFinite(a[i]);
            a[i] *= factor;
        }
        return finite;
    }

    @Override
    public float sumAndClear(float[] a, int from, int len) {
        float sum = 0f;
        for (int i = from; i < from + len; i++) {
            sum += a[i];
            a[i] = 0f;
        }
        return sum;
    }

    @Override
    public void weightedColumnSums(float[] a, int off, int rows, int stride, int len, float[] weights, float[] dst,
                                   int dstOff) {
        for (int j = 0; j < len; j++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                sum = Math.fma(weights[r], a[off + r * stride + j], sum);
            }
            dst[dstOff + j] += sum;
        }
    }
}
