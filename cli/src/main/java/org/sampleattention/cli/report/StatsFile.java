package org.sampleattention.cli.report;

import java.util.List;
import java.util.Locale;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionStats;

/**
 * The {@code --stats} file: what one call did, in milliseconds. {@code estimatedCoverage} is null for a
 * head that was not sampled (JSON has no NaN).
 */
public record StatsFile(String backend, String device, int seqLen, int heads, int kvHeads, int headDim, String dtype,
                        double totalMs, Stages stages, List<PerHead> perHead) {

    public record Stages(double sampleMs, double filterMs, double attendMs) {
    }

    public record PerHead(int qHead, int columns, double density, Double estimatedCoverage, boolean dense) {
    }

    public static StatsFile of(AttentionInput input, AttentionStats stats) {
        List<PerHead> heads = stats.perHead().stream()
                .map(h -> new PerHead(h.qHead(), h.columns(), h.density(), finiteOrNull(h.estimatedCoverage()), h.dense()))
                .toList();
        return new StatsFile(stats.backend(), stats.device(), input.keyLength(), input.qHeads(), input.kvHeads(),
                input.headDim(), input.dtype().name().toLowerCase(Locale.ROOT), millis(stats.totalNanos()),
                new Stages(millis(stats.sampleNanos()), millis(stats.filterNanos()), millis(stats.attendNanos())),
                heads);
    }

    static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
