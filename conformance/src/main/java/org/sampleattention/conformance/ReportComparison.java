package org.sampleattention.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reports from several machines merged into one Markdown table: a row per case, a column per
 * backend and device, each cell the measured figure and the verdict, so that a GPU host's report
 * and a laptop's read side by side.
 */
public final class ReportComparison {
    private ReportComparison() {
    }

    public static String markdown(List<ConformanceReport> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare: no reports given");
        }
        Map<String, String> criterionOf = new LinkedHashMap<>();
        List<Map<String, CaseResult>> byCase = new ArrayList<>();
        for (ConformanceReport r : reports) {
            Map<String, CaseResult> cases = new LinkedHashMap<>();
            for (CaseResult c : r.results()) {
                criterionOf.putIfAbsent(c.caseId(), c.criterion());
                cases.put(c.caseId(), c);
            }
            byCase.add(cases);
        }
        StringBuilder md = new StringBuilder("# SampleAttention conformance across machines\n\n");
        for (ConformanceReport r : reports) {
            md.append("- ").append(escape(r.summary())).append(r.passed() ? " — **PASS**" : " — **FAIL**").append('\n');
        }
        md.append("\nEach cell: measured figure (against the case's tolerance) and verdict; — where a report lacks the case.\n\n");
        md.append("| case | criterion | tolerance |");
        for (ConformanceReport r : reports) {
            md.append(' ').append(escape(r.backend() + " on " + r.device())).append(" |");
        }
        md.append("\n| --- | --- | ---: |").append(" --- |".repeat(reports.size())).append('\n');
        for (var entry : criterionOf.entrySet()) {
            String id = entry.getKey();
            double tolerance = byCase.stream().map(m -> m.get(id)).filter(java.util.Objects::nonNull)
                    .mapToDouble(CaseResult::tolerance).findFirst().orElse(Double.NaN);
            md.append("| ").append(escape(id)).append(" | ").append(escape(entry.getValue())).append(" | ")
                    .append(number(tolerance)).append(" |");
            for (Map<String, CaseResult> cases : byCase) {
                CaseResult c = cases.get(id);
                md.append(' ').append(c == null ? "—" : number(c.measured()) + " " + verdict(c.verdict())).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String verdict(Verdict v) {
        return v == Verdict.FAIL ? "**FAIL**" : v.name();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "—";
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
