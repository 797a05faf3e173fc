package org.sampleattention.conformance;

import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionBackend;

/**
 * Criteria whose answer is exact up to rounding: 1.1 dense attention, 2.1 sparse attention under a
 * fixed plan, 4.4 SampleAttention with alpha = 1. The backend's output is compared with the kit's f64
 * oracle on every row and head of CI-sized cases, on {@link CaseScope} rows and heads of long ones.
 */
final class ExactnessCheck {
    private ExactnessCheck() {
    }

    static CaseResult run(AttentionBackend backend, ConformanceCase c) {
        SampleAttentionConfig config = c.config();
        try (Workload w = Workload.generate(c.workload()); EngineSession session = new EngineSession(backend)) {
            AttentionInput input = session.upload(w.input());
            RowOracle oracle = new RowOracle(w.input());
            CaseScope scope = CaseScope.of(c.workload(), w);
            OutputComparison.ExpectedRow expected;
            Tensor got;
            String what;
            switch (c.criterion()) {
                case DENSE_MATCHES_REFERENCE -> {
                    got = session.download(session.engine().attention().dense(input, config));
                    expected = (h, i) -> oracle.denseRow(h, i, config);
                    what = "dense attention";
                }
                case SPARSE_MATCHES_REFERENCE -> {
                    SparsePlan plan = FixedPlans.build(c.variant(), w.input(), config, c.workload().seed());
                    got = session.download(session.engine().attention().sparse(input, plan, config));
                    expected = (h, i) -> oracle.planRow(h, i, plan.head(h), plan.geometry(), config);
                    what = "sparse attention under the " + c.variant() + " plan (density "
                            + String.format("%.3f", plan.density()) + ")";
                }
                case ALPHA_ONE_IS_DENSE -> {
                    try (var result = new SampleAttention(session.engine(), config).compute(input)) {
                        got = session.engine().download(result.output());
                        what = "SampleAttention with alpha = " + config.alpha() + " (plan density "
                                + String.format("%.3f", result.plan().density()) + ")";
                    }
                    expected = (h, i) -> oracle.denseRow(h, i, config);
                }
                default -> throw new IllegalArgumentException("not an exactness criterion: " + c.criterion());
            }
            try (got) {
                double error = OutputComparison.relativeL2(got, expected, scope.heads(), scope.rows());
                boolean pass = error <= c.tolerance();
                String detail = what + ": relative L2 error " + String.format("%.3g", error)
                        + (pass ? " <= " : " exceeds ") + String.format("%.3g", c.tolerance()) + " on " + scope;
                return new CaseResult(c.id(), c.criterion().label(), pass ? Verdict.PASS : Verdict.FAIL, error,
                        c.tolerance(), detail, 0);
            }
        }
    }
}
