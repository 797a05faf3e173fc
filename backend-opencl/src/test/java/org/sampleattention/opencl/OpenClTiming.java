package org.sampleattention.opencl;

import java.util.Arrays;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.Tensor;
import org.sampleattention.spi.AttentionEngine;

/**
 * A quick wall-clock figure for the GPU host, not a benchmark: SampleAttention end to end on
 * device-resident inputs of the striped test workload, median of repeated runs after warm-up, next to
 * dense attention on the same engine.
 *
 * <p>Arguments: tokens qHeads kvHeads headDim dtype runs (defaults 32768 32 8 128 f16 5).
 */
public final class OpenClTiming {
    private OpenClTiming() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 32768;
        int hq = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int hkv = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int d = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        DType dtype = args.length > 4 ? DType.parse(args[4]) : DType.F16;
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        SampleAttentionConfig config = SampleAttentionConfig.defaults();
        AttentionInput host = OpenClTestSupport.stripedInput(dtype, hq, hkv, n, n, d, 2024);
        try (AttentionEngine engine = new OpenClBackend().create();
             AttentionTensor q = engine.upload((Tensor) host.q()); AttentionTensor k = engine.upload((Tensor) host.k());
             AttentionTensor v = engine.upload((Tensor) host.v())) {
            System.out.println("device: " + engine.device());
            AttentionInput input = new AttentionInput(q, k, v);
            SampleAttention attention = new SampleAttention(engine, config);
            long[] sparse = new long[runs];
            SampleAttentionResult last = null;
            for (int r = -2; r < runs; r++) {
                long t0 = System.nanoTime();
                SampleAttentionResult result = attention.compute(input);
                long t = System.nanoTime() - t0;
                if (r >= 0) {
                    sparse[r] = t;
                }
                if (last != null) {
                    last.close();
                }
                last = result;
            }
            System.out.printf("SampleAttention n=%d hq=%d hkv=%d d=%d %s: median %.1f ms over %d runs (%s); "
                            + "density %.4f; last run sample %.1f ms, filter %.1f ms, attend %.1f ms%n", n, hq, hkv, d,
                    dtype, median(sparse) / 1e6, runs, Arrays.toString(Arrays.stream(sparse).map(x -> x / 1_000_000).toArray()),
                    last.stats().density(), last.stats().sampleNanos() / 1e6, last.stats().filterNanos() / 1e6,
                    last.stats().attendNanos() / 1e6);
            last.close();
            long[] dense = new long[Math.max(1, runs / 2)];
            for (int r = -1; r < dense.length; r++) {
                long t0 = System.nanoTime();
                attention.dense(input).close();
                if (r >= 0) {
                    dense[r] = System.nanoTime() - t0;
                }
            }
            System.out.printf("dense causal attention, same engine: median %.1f ms over %d runs%n", median(dense) / 1e6,
                    dense.length);
        } finally {
            OpenClTestSupport.close(host);
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }
}
