package org.sampleattention.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 4's cpu targets judged on one {@link PerformanceTargets} run, each a line saying what was
 * measured against what, and "met" or "MISSED": dense f32 at 8K at least 0.6 of the SGEMM rate, sparse
 * time per pair within 1.3x of dense at every length, SampleAttention at least 3x dense at 32K with
 * sampling + filtering under 15% of it, and time per pair flat within 25% over the lengths. A target
 * whose length was not measured is left out.
 */
final class TargetVerdicts {
    static final double SGEMM_SHARE = 0.6;
    static final double SPARSE_OVER_DENSE = 1.3;
    static final double SPEEDUP_AT_32K = 3;
    static final double SHARE_AT_32K = 0.15;
    static final double FLATNESS = 1.25;

    /** One length's medians: seconds, and nanoseconds per computed pair. */
    record Row(int length, double denseGflops, double e2e, double sample, double filter, double dense,
               double nsPerPairDense, double nsPerPairSparse) {
        double share() {
            return (sample + filter) / e2e;
        }

        double speedup() {
            return dense / e2e;
        }
    }

    private TargetVerdicts() {
    }

    static List<String> of(List<Row> rows, double sgemm) {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.length() == 8192) {
                double share = r.denseGflops() / sgemm;
                out.add(line(share >= SGEMM_SHARE, "dense 8K %.1f GFLOP/s = %.2f of SGEMM %.0f (>= %.1f)",
                        r.denseGflops(), share, sgemm, SGEMM_SHARE));
            }
        }
        for (Row r : rows) {
            double ratio = r.nsPerPairSparse() / r.nsPerPairDense();
            out.add(line(ratio <= SPARSE_OVER_DENSE, "sparse / dense per pair at %d: %.2fx (<= %.1fx)", r.length(),
                    ratio, SPARSE_OVER_DENSE));
        }
        for (Row r : rows) {
            if (r.length() == 32768) {
                out.add(line(r.speedup() >= SPEEDUP_AT_32K, "SampleAttention at 32K: %.2fx dense (>= %.0fx)",
                        r.speedup(), SPEEDUP_AT_32K));
                out.add(line(r.share() < SHARE_AT_32K, "sampling + filtering at 32K: %.1f%% of SampleAttention (< %.0f%%)",
                        100 * r.share(), 100 * SHARE_AT_32K));
            }
        }
        if (rows.size() > 1) {
            out.add(flatness("dense", rows.stream().mapToDouble(Row::nsPerPairDense).toArray()));
            out.add(flatness("sparse", rows.stream().mapToDouble(Row::nsPerPairSparse).toArray()));
        }
        return out;
    }

    private static String flatness(String kind, double[] nsPerPair) {
        double min = Double.MAX_VALUE, max = 0;
        for (double x : nsPerPair) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return line(max / min <= FLATNESS, "%s ns per pair from %.3f to %.3f: %.0f%% apart (<= %.0f%%)", kind, min,
                max, 100 * (max / min - 1), 100 * (FLATNESS - 1));
    }

    private static String line(boolean met, String format, Object... values) {
        return (met ? "met     " : "MISSED  ") + String.format(Locale.ROOT, format, values);
    }
}
