package org.sampleattention.conformance;

import java.util.Arrays;
import org.sampleattention.AttentionInput;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionBackend;

/**
 * Criteria 3.1-3.3: the backend's sampling and filtering against the reference's. 3.1 compares the
 * column scores themselves; 3.2 feeds the reference's scores to the backend's filter, which isolates
 * the filter; 3.3 runs the backend's own sampler and filter end to end. Plans are compared per head by
 * the Jaccard index of their column sets (a dense head agrees only with a dense head).
 */
final class PlanAgreementCheck {
    private PlanAgreementCheck() {
    }

    static CaseResult run(AttentionBackend backend, ConformanceCase c) {
        try (Workload w = Workload.generate(c.workload()); EngineSession session = new EngineSession(backend)) {
            ReferenceResults.Planned ref = ReferenceResults.plan(w, c.config());
            AttentionInput input = session.upload(w.input());
            return switch (c.criterion()) {
                case SCORES_MATCH_REFERENCE -> {
                    try (ColumnScores scores = session.engine().sampler().sample(input, c.config())) {
                        yield compareScores(c, scores.toHost(), ref.scores());
                    }
                }
                case FILTER_MATCHES_REFERENCE -> comparePlans(c,
                        session.engine().filter().filter(ref.scores(), c.config()), ref.plan(), "filter on the reference's scores");
                case PLAN_MATCHES_REFERENCE -> {
                    try (ColumnScores scores = session.engine().sampler().sample(input, c.config())) {
                        yield comparePlans(c, session.engine().filter().filter(scores, c.config()), ref.plan(),
                                "sampler and filter");
                    }
                }
                default -> throw new IllegalArgumentException("not a plan criterion: " + c.criterion());
            };
        }
    }

    /** Per head: (sum |R - R_ref| + sum |C0 - C0_ref|) / sampled rows; the worst head is reported. */
    private static CaseResult compareScores(ConformanceCase c, HostColumnScores got, HostColumnScores want) {
        var gl = got.layout();
        var wl = want.layout();
        if (gl.blocks().count() != wl.blocks().count() || gl.keyLength() != wl.keyLength()
                || gl.qHeads() != wl.qHeads()) {
            return fail(c, Double.NaN, "scores have " + gl.qHeads() + " heads x " + gl.blocks().count()
                    + " blocks x " + gl.keyLength() + " keys, the reference " + wl.qHeads() + " x "
                    + wl.blocks().count() + " x " + wl.keyLength());
        }
        double worst = 0;
        int worstHead = 0;
        for (int h = 0; h < wl.qHeads(); h++) {
            double diff = 0;
            for (int b = 0; b < wl.blocks().count(); b++) {
                diff += Math.abs(got.covered(h, b) - want.covered(h, b));
                for (int j = 0; j < wl.keyLength(); j++) {
                    diff += Math.abs(got.residual(h, b, j) - want.residual(h, b, j));
                }
            }
            double rel = diff / wl.blocks().totalRows();
            if (!(rel <= worst)) {
                worst = rel;
                worstHead = h;
            }
        }
        boolean pass = worst <= c.tolerance();
        String detail = "column scores (R_b and C0_b): worst relative L1 difference " + String.format("%.3g", worst)
                + " (head " + worstHead + ")" + (pass ? " <= " : " exceeds ") + String.format("%.3g", c.tolerance());
        return new CaseResult(c.id(), c.criterion().label(), pass ? Verdict.PASS : Verdict.FAIL, worst,
                c.tolerance(), detail, 0);
    }

    private static CaseResult comparePlans(ConformanceCase c, SparsePlan got, SparsePlan want, String what) {
        if (got.qHeads() != want.qHeads()) {
            return fail(c, Double.NaN, what + " planned " + got.qHeads() + " heads, the reference " + want.qHeads());
        }
        double worst = 1;
        String worstDetail = "";
        for (int h = 0; h < want.qHeads(); h++) {
            HeadPlan g = got.head(h), r = want.head(h);
            double j = jaccard(g, r);
            if (j < worst) {
                worst = j;
                worstDetail = "; worst head " + h + ": " + describe(g) + " vs the reference's " + describe(r);
            }
        }
        boolean pass = worst >= c.tolerance();
        String detail = what + ": smallest per-head Jaccard index " + String.format("%.4f", worst)
                + (pass ? " >= " : " below ") + c.tolerance() + worstDetail;
        return new CaseResult(c.id(), c.criterion().label(), pass ? Verdict.PASS : Verdict.FAIL, worst,
                c.tolerance(), detail, 0);
    }

    static double jaccard(HeadPlan a, HeadPlan b) {
        if (a.dense() || b.dense()) {
            return a.dense() == b.dense() ? 1 : 0;
        }
        int[] x = a.columns(), y = b.columns();
        if (x.length == 0 && y.length == 0) {
            return 1;
        }
        int common = 0;
        for (int v : x) {
            if (Arrays.binarySearch(y, v) >= 0) {
                common++;
            }
        }
        return (double) common / (x.length + y.length - common);
    }

    private static String describe(HeadPlan p) {
        return p.dense() ? "dense" : p.columnCount() + " columns";
    }

    private static CaseResult fail(ConformanceCase c, double measured, String detail) {
        return new CaseResult(c.id(), c.criterion().label(), Verdict.FAIL, measured, c.tolerance(), detail, 0);
    }
}
