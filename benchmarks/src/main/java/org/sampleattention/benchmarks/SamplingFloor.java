package org.sampleattention.benchmarks;

import java.util.Locale;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;

/**
 * The least share of an end-to-end call that sampling plus filtering can take next to a measured sparse
 * attention time, when the sampler's q.k runs at a machine's peak rate and everything else it does
 * (exponentials, reductions, the filter) is free. Issues 4 and 6 ask for a share under 15% at default
 * settings; this shows, from the sampled geometry alone, when no kernel can reach it (docs/benchmarks.md,
 * "The sample ratio").
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar org.sampleattention.benchmarks.SamplingFloor
 * length=131072 heads=32 head-dim=128 peak-gflops=989400 attend-ms=45.17 [filter-ms=0] [ratio=0.05]
 * [q.k-passes=2]}: {@code q.k-passes=1} for a sampler that keeps pass 1's exponentials (the cpu
 * backend), 2 for one that recomputes q.k in pass 2 outside the windows (the GPU backends).
 */
public final class SamplingFloor {
    private static final double TARGET_SHARE = 0.15;

    private SamplingFloor() {
    }

    public static void main(String[] args) {
        NamedArgs named = new NamedArgs(args);
        int length = Integer.parseInt(named.required("length"));
        int heads = Integer.parseInt(named.required("heads"));
        int headDim = Integer.parseInt(named.required("head-dim"));
        double peakGflops = Double.parseDouble(named.required("peak-gflops"));
        double attendMs = Double.parseDouble(named.required("attend-ms"));
        double filterMs = Double.parseDouble(named.get("filter-ms", "0"));
        int passes = Integer.parseInt(named.get("q.k-passes", "2"));
        if (passes != 1 && passes != 2) {
            throw new IllegalArgumentException("q.k-passes must be 1 or 2, got " + passes);
        }
        SampleAttentionConfig config = SampleAttentionConfig.builder()
                .sampleRatio(Double.parseDouble(named.get("ratio", "0.05"))).build();
        MaskGeometry geometry = new MaskGeometry(length, length, config.windowFor(length), config.causal());
        SampledPairs pairs = SampledPairs.of(geometry, SampleBlocks.of(length, config));
        long scored = pairs.pass1() + (passes == 2 ? pairs.pass2() : 0);
        double gflop = 2e-9 * headDim * (double) scored * heads;
        double floorMs = 1e3 * gflop / peakGflops;
        double budgetMs = TARGET_SHARE / (1 - TARGET_SHARE) * attendMs - filterMs;
        System.out.printf(Locale.ROOT, "length %d, %d heads, d %d, sample ratio %s, %d q.k pass(es)%n", length, heads,
                headDim, config.sampleRatio(), passes);
        System.out.printf(Locale.ROOT, "pairs per head: pass 1 %d, pass 2 %d (%.4f and %.4f of the causal %d)%n",
                pairs.pass1(), pairs.pass2(), (double) pairs.pass1() / pairs.causal(),
                (double) pairs.pass2() / pairs.causal(), pairs.causal());
        System.out.printf(Locale.ROOT, "sampling q.k: %.1f GFLOP, %.3f ms at %.0f GFLOP/s%n", gflop, floorMs, peakGflops);
        System.out.printf(Locale.ROOT, "least share next to attention %.3f ms and filtering %.3f ms: %.1f%%%n", attendMs,
                filterMs, 100 * (floorMs + filterMs) / (floorMs + filterMs + attendMs));
        System.out.printf(Locale.ROOT, "a %.0f%% share needs sampling within %.3f ms: q.k at %.0f GFLOP/s (%.2f of peak)%n",
                100 * TARGET_SHARE, budgetMs, budgetMs > 0 ? 1e3 * gflop / budgetMs : Double.POSITIVE_INFINITY,
                budgetMs > 0 ? floorMs / budgetMs : Double.POSITIVE_INFINITY);
    }
}
