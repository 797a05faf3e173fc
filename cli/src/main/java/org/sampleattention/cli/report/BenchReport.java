package org.sampleattention.cli.report;

/**
 * The {@code bench --json} file. Times are medians over the timed repeats in milliseconds; GFLOP/s
 * count computed work only ({@code 4 * pairs * headDim} summed over q-heads). {@code meanCoverage} is
 * null when no head was sampled.
 */
public record BenchReport(String backend, String device, int seqLen, int heads, int kvHeads, int headDim, String dtype,
                          String workload, Dense dense, Sparse sparse, double speedup) {

    public record Dense(double medianMs, double gflops) {
    }

    public record Sparse(double medianMs, double gflops, double sampleMs, double filterMs, double attendMs,
                         double density, Double meanCoverage, double relL2VsDense) {
    }
}
