package org.sampleattention.cuda.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionStats;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.Tensor;
import org.sampleattention.conformance.Workload;
import org.sampleattention.conformance.WorkloadKind;
import org.sampleattention.conformance.WorkloadSpec;
import org.sampleattention.cuda.CudaBackend;
import org.sampleattention.spi.AttentionEngine;

/**
 * Times the cuda backend on device-resident random inputs and prints one JSON object per
 * measurement: dense attention, and SampleAttention end to end with its stage times. Medians after
 * warm-up; every call is synchronous, so wall-clock time around it is device time plus the launch
 * and the output allocation.
 *
 * <pre>CudaBench dense 32768,65536,131072 | e2e 131072   [heads 32] [kvHeads 8] [headDim 128] [repeats 5]</pre>
 */
public final class CudaBench {
    private CudaBench() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        int[] lengths = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int heads = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int kvHeads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int d = args.length > 4 ? Integer.parseInt(args[4]) : 128;
        int repeats = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        CudaBackend backend = new CudaBackend();
        System.err.println("cuda: " + backend.probe());
        try (AttentionEngine engine = backend.create()) {
            for (int n : lengths) {
                AttentionInput input = mode.equals("dense") ? upload(engine, n, heads, kvHeads, d)
                        : uploadWorkload(engine, n, heads, kvHeads, d);
                try {
                    System.out.println(mode.equals("dense") ? dense(engine, input, repeats) : endToEnd(engine, input, repeats));
                } finally {
                    input.q().close();
                    input.k().close();
                    input.v().close();
                }
            }
        }
    }

    private static AttentionInput upload(AttentionEngine engine, int n, int heads, int kvHeads, int d) {
        try (Tensor q = uniform(1, heads, n, d); Tensor k = uniform(2, kvHeads, n, d); Tensor v = uniform(3, kvHeads, n, d)) {
            return new AttentionInput(engine.upload(q), engine.upload(k), engine.upload(v));
        }
    }

    /** The conformance kit's LLM-like workload (local, stripe, mixed and needle heads), bf16. */
    private static AttentionInput uploadWorkload(AttentionEngine engine, int n, int heads, int kvHeads, int d) {
        try (Workload w = Workload.generate(WorkloadSpec.of(WorkloadKind.LLM, n, heads, kvHeads, d, DType.BF16, 1))) {
            AttentionInput in = w.input();
            return new AttentionInput(engine.upload((Tensor) in.q()), engine.upload((Tensor) in.k()),
                    engine.upload((Tensor) in.v()));
        }
    }

    /** Random bf16 values of unit variance, as torch.randn gives the peers. */
    private static Tensor uniform(long seed, int heads, int tokens, int d) {
        Tensor t = Tensor.allocate(DType.BF16, heads, tokens, d);
        IntStream.range(0, heads * 64).parallel().forEach(part -> {
            int head = part / 64, slice = part % 64;
            int from = (int) ((long) tokens * slice / 64), to = (int) ((long) tokens * (slice + 1) / 64);
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + part);
            float[] row = new float[d];
            for (int j = from; j < to; j++) {
                for (int c = 0; c < d; c++) {
                    row[c] = (float) ((random.nextDouble() * 2 - 1) * 1.7320508);
                }
                t.write(((long) head * tokens + j) * d, row, 0, d);
            }
        });
        return t;
    }

    private static String dense(AttentionEngine engine, AttentionInput input, int repeats) {
        SampleAttentionConfig config = SampleAttentionConfig.defaults();
        List<Double> ms = new ArrayList<>();
        for (int r = 0; r < repeats + 2; r++) {
            long t0 = System.nanoTime();
            try (AttentionTensor out = engine.attention().dense(input, config)) {
                long t1 = System.nanoTime();
                if (r >= 2) {
                    ms.add((t1 - t0) / 1e6);
                }
            }
        }
        double median = median(ms);
        double n = input.keyLength();
        double flops = 4.0 * n * n * input.headDim() * input.qHeads() / 2;
        return String.format(Locale.ROOT, "{\"bench\":\"dense\",\"device\":\"%s\",\"seqLen\":%d,\"heads\":%d,\"kvHeads\":%d,"
                        + "\"headDim\":%d,\"dtype\":\"bf16\",\"causal\":true,\"medianMs\":%.3f,\"tflops\":%.1f,\"timesMs\":%s}",
                engine.device(), input.keyLength(), input.qHeads(), input.kvHeads(), input.headDim(), median,
                flops / median / 1e9, ms);
    }

    private static String endToEnd(AttentionEngine engine, AttentionInput input, int repeats) {
        SampleAttention attention = new SampleAttention(engine, SampleAttentionConfig.defaults());
        List<Double> total = new ArrayList<>(), sample = new ArrayList<>(), filter = new ArrayList<>(), attend = new ArrayList<>();
        double density = 0;
        double densePairs = 0;
        for (int r = 0; r < repeats + 2; r++) {
            long t0 = System.nanoTime();
            try (SampleAttentionResult result = attention.compute(input)) {
                long t1 = System.nanoTime();
                AttentionStats s = result.stats();
                density = s.density();
                densePairs = result.plan().geometry().densePairs() * (double) input.qHeads();
                if (r >= 2) {
                    total.add((t1 - t0) / 1e6);
                    sample.add(s.sampleNanos() / 1e6);
                    filter.add(s.filterNanos() / 1e6);
                    attend.add(s.attendNanos() / 1e6);
                }
            }
        }
        double pairs = density * densePairs;
        return String.format(Locale.ROOT, "{\"bench\":\"sampleattention\",\"device\":\"%s\",\"seqLen\":%d,\"heads\":%d,"
                        + "\"kvHeads\":%d,\"headDim\":%d,\"dtype\":\"bf16\",\"causal\":true,\"config\":\"defaults\","
                        + "\"workload\":\"conformance LLM, seed 1\",\"medianMs\":%.3f,\"sampleMs\":%.3f,\"filterMs\":%.3f,"
                        + "\"attendMs\":%.3f,\"density\":%.4f,\"computedPairs\":%.4e,\"attendPsPerPair\":%.3f,"
                        + "\"totalPsPerPair\":%.3f,\"timesMs\":%s}",
                engine.device(), input.keyLength(), input.qHeads(), input.kvHeads(), input.headDim(), median(total),
                median(sample), median(filter), median(attend), density, pairs, median(attend) * 1e9 / pairs,
                median(total) * 1e9 / pairs, total);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
