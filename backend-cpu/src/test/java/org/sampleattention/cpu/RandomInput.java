package org.sampleattention.cpu;

import java.util.SplittableRandom;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

/** Fresh Gaussian q, k, v that the test owns and closes. */
record RandomInput(AttentionInput input, Tensor q, Tensor k, Tensor v) implements AutoCloseable {

    static RandomInput of(DType dtype, int qHeads, int kvHeads, int queries, int keys, int headDim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // q spread wider than k so that rows range from peaked to flat softmaxes
        Tensor q = gaussian(random, dtype, 2.0, qHeads, queries, headDim);
        Tensor k = gaussian(random, dtype, 1.0, kvHeads, keys, headDim);
        Tensor v = gaussian(random, dtype, 1.0, kvHeads, keys, headDim);
        return new RandomInput(new AttentionInput(q, k, v), q, k, v);
    }

    private static Tensor gaussian(SplittableRandom random, DType dtype, double sigma, int heads, int tokens, int dim) {
        float[] values = new float[heads * tokens * dim];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (sigma * gaussian(random));
        }
        return Tensor.of(dtype, values, heads, tokens, dim);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(), w = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
    }

    /** Relative L2 distance of {@code actual} from {@code expected}. */
    static double relativeError(AttentionTensor actual, AttentionTensor expected) {
        float[] a = ((Tensor) actual).toFloatArray(), e = ((Tensor) expected).toFloatArray();
        if (a.length != e.length) {
            throw new AssertionError("sizes differ: " + a.length + " vs " + e.length);
        }
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = (double) a[i] - e[i];
            num += diff * diff;
            den += (double) e[i] * e[i];
        }
        return Math.sqrt(num / den);
    }

    /** The dtype's tolerance for a relative L2 error against the f64 reference (DESIGN.md section 5). */
    static double tolerance(DType dtype) {
        return dtype == DType.F32 ? 1e-5 : 1e-2;
    }

    @Override
    public void close() {
        q.close();
        k.close();
        v.close();
    }
}
