package org.sampleattention.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.conformance.Workload;
import org.sampleattention.conformance.WorkloadKind;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionEngine;

/**
 * Checks issue 4's performance targets in one run, on one machine: dense f32 GFLOP/s at 8K against a
 * given SGEMM rate, on the kit's LLM-like workload, sparse time per pair against dense, end to end against dense at each length,
 * the sampling + filtering share, and how flat time per pair stays across lengths; then each target's
 * verdict ({@link TargetVerdicts}). Medians of
 * {@code repeats} runs after warm-up runs that last at least three seconds (one at least), so that the
 * JIT has compiled a short call's code before it is timed. Not a JMH benchmark: a quick report for the lead.
 *
 * <p>{@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * org.sampleattention.benchmarks.PerformanceTargets [backend=cpu] [sgemm=147] [repeats=3]
 * [lengths=4096,8192,16384,32768] [dtype=F32]}
 */
public final class PerformanceTargets {
    /**
     * Warm-up per measured call: three seconds, since with one the first length's dense call, timed
     * while the JIT's compiler threads still competed with two workers for two cores, read 1.4-1.9 ns
     * per pair against 1.3-1.4 when measured again in the same JVM.
     */
    private static final long WARM_UP_NANOS = 3_000_000_000L;

    private PerformanceTargets() {
    }

    public static void main(String[] args) {
        NamedArgs named = new NamedArgs(args);
        String backend = named.get("backend", "cpu");
        double sgemm = Double.parseDouble(named.get("sgemm", "147"));
        int repeats = Integer.parseInt(named.get("repeats", "3"));
        DType dtype = DType.parse(named.get("dtype", "F32"));
        int[] lengths = Arrays.stream(named.get("lengths", "4096,8192,16384,32768").split(","))
                .mapToInt(Integer::parseInt).toArray();
        SampleAttentionConfig config = SampleAttentionConfig.defaults();
        try (AttentionEngine engine = BenchmarkBackends.byName(backend).create()) {
            System.out.printf(Locale.ROOT, "backend %s on %s, %s, default config, %d repeats (median)%n", backend,
                    engine.device(), dtype, repeats);
            System.out.printf(Locale.ROOT, "%7s %10s %9s %9s %9s %9s %8s %8s %9s %9s %7s%n", "length", "dense s",
                    "dense GF/s", "e2e s", "sample s", "filter s", "sparse s", "density", "ns/pair d",
                    "ns/pair s", "speedup");
            List<TargetVerdicts.Row> rows = new ArrayList<>();
            for (int length : lengths) {
                try (Workload in = Workloads.generate(WorkloadKind.LLM, length, dtype)) {
                    int hq = in.input().qHeads(), d = in.input().headDim();
                    double dense = median(repeats, () -> engine.attention().dense(in.input(), config));
                    ColumnScores scores = engine.sampler().sample(in.input(), config);
                    SparsePlan plan = engine.filter().filter(scores, config);
                    double sample = median(repeats, () -> engine.sampler().sample(in.input(), config));
                    double filter = median(repeats, () -> {
                        engine.filter().filter(scores, config);
                        return () -> { };
                    });
                    double sparse = median(repeats, () -> engine.attention().sparse(in.input(), plan, config));
                    SampleAttention sa = new SampleAttention(engine, config);
                    double e2e = median(repeats, () -> sa.compute(in.input()));
                    scores.close();
                    MaskGeometry g = plan.geometry();
                    double densePairs = (double) g.densePairs() * hq;
                    double sparsePairs = Work.sparseGflop(plan, d) / (4e-9 * d);
                    TargetVerdicts.Row row = new TargetVerdicts.Row(length, Work.denseGflop(g, hq, d) / dense, e2e,
                            sample, filter, dense, 1e9 * dense / densePairs, 1e9 * sparse / sparsePairs);
                    rows.add(row);
                    System.out.printf(Locale.ROOT, "%7d %10.3f %9.1f %9.3f %9.3f %9.4f %8.3f %8.3f %9.3f %9.3f %7.2f%n",
                            length, dense, row.denseGflops(), e2e, sample, filter, sparse, plan.density(),
                            row.nsPerPairDense(), row.nsPerPairSparse(), row.speedup());
                }
            }
            TargetVerdicts.of(rows, sgemm).forEach(System.out::println);
        }
    }

    private static double median(int repeats, Supplier<? extends AutoCloseable> run) {
        long warmUpStart = System.nanoTime();
        do {
            close(run.get());
        } while (System.nanoTime() - warmUpStart < WARM_UP_NANOS);
        double[] seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            AutoCloseable result = run.get();
            seconds[i] = (System.nanoTime() - t0) * 1e-9;
            close(result);
        }
        Arrays.sort(seconds);
        return seconds[repeats / 2];
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
