package org.sampleattention.conformance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.spi.AttentionBackend;

/**
 * Criteria 4.1, 4.2, 4.3 and 4.5: run the backend's whole SampleAttention on a workload, then measure
 * with the kit's own oracle (never the backend) how much dense attention mass each checked row's keys
 * hold, how far the output is from dense attention, whether the needle's value arrived, and how many
 * columns each kind of head kept. One run serves every criterion of the same backend, workload and
 * settings (memoized per JVM).
 */
final class NearLosslessCheck {
    /** What one run produced, plus the workload facts the criteria need. */
    record Run(NearLosslessMeasurement measurement, int keyLength, boolean hasNeedle) {
    }

    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    private NearLosslessCheck() {
    }

    static CaseResult run(AttentionBackend backend, ConformanceCase c) {
        Run run = measure(backend, c.workload(), c.config());
        NearLosslessMeasurement m = run.measurement();
        String scope = m.allRows() ? "every row" : m.checkedRows() + " rows (a stride plus the last 64)";
        return switch (c.criterion()) {
            case COVERAGE -> {
                var worst = m.heads().stream().min(java.util.Comparator.comparingDouble(
                        NearLosslessMeasurement.Head::meanCoverage)).orElseThrow();
                boolean pass = worst.meanCoverage() >= c.tolerance();
                yield result(c, pass, worst.meanCoverage(), String.format(
                        "lowest per-head mean true coverage %.4f (head %d, %s, %d columns%s) %s %.4f; all heads: mean %.4f,"
                                + " min row %.4f, density %.3f; over %s",
                        worst.meanCoverage(), worst.qHead(), worst.kind(), worst.columns(), worst.dense() ? ", dense" : "",
                        pass ? ">=" : "below", c.tolerance(), m.meanCoverage(), m.minCoverage(), m.density(), scope));
            }
            case OUTPUT_ERROR -> {
                var worst = m.heads().stream().max(java.util.Comparator.comparingDouble(
                        NearLosslessMeasurement.Head::outputError)).orElseThrow();
                double e = worst.outputError();
                boolean pass = e <= c.tolerance();
                yield result(c, pass, e, String.format("largest per-head relative L2 error against dense %.4f (head %d, %s,"
                                + " mean coverage %.4f) %s %.4f; over %s", e, worst.qHead(), worst.kind(),
                        worst.meanCoverage(), pass ? "<=" : "exceeds", c.tolerance(), scope));
            }
            case NEEDLE_RETRIEVED -> {
                if (!run.hasNeedle()) {
                    throw new IllegalArgumentException("case " + c.id() + " checks a needle but its workload has none");
                }
                double r = m.needleRecall();
                boolean pass = r >= c.tolerance();
                yield result(c, pass, r, String.format("needle value reaching the needle rows, relative to dense"
                        + " attention: %.4f %s %.2f", r, pass ? ">=" : "below", c.tolerance()));
            }
            case ADAPTIVE_COLUMNS -> adaptivity(c, m, run.keyLength());
            default -> throw new IllegalArgumentException("not a near-lossless criterion: " + c.criterion());
        };
    }

    /**
     * LLM workloads: stripe and mixed heads must keep clearly more columns than local heads (the ratio of
     * their mean column counts, plus one each, reaches the tolerance). Diffuse workloads: every head must
     * fall back to dense or compute at least the tolerance's share of the causal pairs.
     */
    static CaseResult adaptivity(ConformanceCase c, NearLosslessMeasurement m, int keys) {
        String columns = m.heads().stream().map(h -> h.kind() + "=" + (h.dense() ? "dense" : h.columns()))
                .collect(java.util.stream.Collectors.joining(", "));
        if (c.workload().kind() == WorkloadKind.DIFFUSE) {
            double least = m.heads().stream().mapToDouble(NearLosslessMeasurement.Head::density).min().orElse(0);
            boolean pass = least >= c.tolerance();
            return result(c, pass, least, String.format("diffuse heads: smallest density %.3f %s %.2f (%s)", least,
                    pass ? ">=" : "below", c.tolerance(), columns));
        }
        // long inputs are checked on a subset of heads, which may hold stripe heads but no mixed one: pool
        // the two kinds rather than averaging per-kind means, one of which could be undefined
        double local = meanColumns(m, keys, java.util.EnumSet.of(WorkloadKind.LOCAL));
        double striped = meanColumns(m, keys, java.util.EnumSet.of(WorkloadKind.STRIPE, WorkloadKind.MIXED));
        double ratio = (striped + 1) / (local + 1);
        boolean pass = ratio >= c.tolerance();
        return result(c, pass, ratio, String.format("(stripe/mixed columns + 1) / (local columns + 1) = (%.1f + 1) /"
                + " (%.1f + 1) = %.2f %s %.1f (%s)", striped, local, ratio, pass ? ">=" : "below", c.tolerance(), columns));
    }

    /** Mean column count of the checked heads of these kinds (a dense head counts every key); NaN if none. */
    private static double meanColumns(NearLosslessMeasurement m, int keys, java.util.Set<WorkloadKind> kinds) {
        return m.heads().stream().filter(h -> kinds.contains(h.kind())).mapToDouble(h -> h.dense() ? keys : h.columns())
                .average().orElse(Double.NaN);
    }

    private static CaseResult result(ConformanceCase c, boolean pass, double measured, String detail) {
        return new CaseResult(c.id(), c.criterion().label(), pass ? Verdict.PASS : Verdict.FAIL, measured,
                c.tolerance(), detail, 0);
    }

    static Run measure(AttentionBackend backend, WorkloadSpec spec, SampleAttentionConfig config) {
        String key = backend.getClass().getName() + "/" + backend.name() + "|" + spec.label() + "|" + config;
        return RUNS.computeIfAbsent(key, k -> {
            try (Workload w = Workload.generate(spec); EngineSession session = new EngineSession(backend)) {
                var input = session.upload(w.input());
                try (var result = new SampleAttention(session.engine(), config).compute(input);
                     Tensor out = session.engine().download(result.output())) {
                    CaseScope scope = CaseScope.of(spec, w);
                    NearLosslessMeasurement m = NearLosslessMeasurement.measure(w, result.plan(), out, config,
                            CaseScope.rowBudget(spec), scope.heads());
                    return new Run(m, spec.keyLength(), w.needlePosition().isPresent());
                }
            }
        });
    }
}
