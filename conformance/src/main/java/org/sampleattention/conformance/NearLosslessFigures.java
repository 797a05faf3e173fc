package org.sampleattention.conformance;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionBackend;

/**
 * Prints, as a Markdown table, what the reference backend reaches on each workload kind at default
 * settings: density, mean and minimum true coverage, output error against dense, needle recall and
 * the columns each head kept. docs/conformance.md quotes its output.
 *
 * <p>Usage: {@code NearLosslessFigures [tokens=4096] [headDim=64] [qHeads=8] [kvHeads=2]}.
 */
public final class NearLosslessFigures {
    private NearLosslessFigures() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int hq = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int hkv = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        SampleAttentionConfig config = SampleAttentionConfig.defaults();
        AttentionBackend reference = new ReferenceBackend();
        System.out.printf(Locale.ROOT, "%d tokens, %d q-heads / %d kv-heads, d = %d, f32, %s%n%n", n, hq, hkv, d, config);
        System.out.println("| workload | density | mean coverage (worst head) | min row coverage | max output error | needle recall | columns per head |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (WorkloadKind kind : List.of(WorkloadKind.LOCAL, WorkloadKind.STRIPE, WorkloadKind.MIXED,
                WorkloadKind.DIFFUSE, WorkloadKind.NEEDLE, WorkloadKind.LLM)) {
            WorkloadSpec spec = WorkloadSpec.of(kind, n, hq, hkv, d, DType.F32, 1);
            NearLosslessMeasurement m = NearLosslessCheck.measure(reference, spec, config).measurement();
            double worstMean = m.heads().stream().mapToDouble(NearLosslessMeasurement.Head::meanCoverage).min().orElse(0);
            String columns = m.heads().stream().map(h -> h.dense() ? "dense" : String.valueOf(h.columns()))
                    .collect(Collectors.joining(" "));
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.4f (%.4f) | %.4f | %.4f | %s | %s |%n", kind.name().toLowerCase(Locale.ROOT),
                    m.density(), m.meanCoverage(), worstMean, m.minCoverage(), m.maxOutputError(),
                    Double.isNaN(m.needleRecall()) ? "—" : String.format(Locale.ROOT, "%.3f", m.needleRecall()), columns);
        }
    }
}
