package org.sampleattention.benchmarks;

import java.util.SplittableRandom;
import org.sampleattention.AttentionInput;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

/**
 * The benchmarks' input shape (8 q-heads, 2 kv-heads, d = 128, Nq = Nk) filled with seeded Gaussian
 * values. Random keys make attention diffuse, so the filter keeps many columns; the LLM-like workload
 * of the conformance kit replaces this once that module is available.
 */
final class BenchmarkInput implements AutoCloseable {
    static final int Q_HEADS = 8;
    static final int KV_HEADS = 2;
    static final int HEAD_DIM = 128;

    private final Tensor q;
    private final Tensor k;
    private final Tensor v;
    private final AttentionInput input;

    private BenchmarkInput(Tensor q, Tensor k, Tensor v) {
        this.q = q;
        this.k = k;
        this.v = v;
        this.input = new AttentionInput(q, k, v);
    }

    static BenchmarkInput generate(int length, DType dtype, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new BenchmarkInput(gaussian(random, dtype, Q_HEADS, length), gaussian(random, dtype, KV_HEADS, length),
                gaussian(random, dtype, KV_HEADS, length));
    }

    private static Tensor gaussian(SplittableRandom random, DType dtype, int heads, int length) {
        Tensor t = Tensor.allocate(dtype, heads, length, HEAD_DIM);
        float[] chunk = new float[1 << 16];
        long n = t.elementCount();
        for (long at = 0; at < n; at += chunk.length) {
            int len = (int) Math.min(chunk.length, n - at);
            for (int i = 0; i < len; i++) {
                chunk[i] = (float) (Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                        * Math.cos(2 * Math.PI * random.nextDouble()));
            }
            t.write(at, chunk, 0, len);
        }
        return t;
    }

    AttentionInput input() {
        return input;
    }

    @Override
    public void close() {
        q.close();
        k.close();
        v.close();
    }
}
