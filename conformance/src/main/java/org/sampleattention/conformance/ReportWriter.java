package org.sampleattention.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes reports as JSON (for tools, one object per backend with its cases) and as Markdown (one table
 * row per case and backend, so reports from different machines read side by side).
 */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static void writeJson(List<ConformanceReport> reports, Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("generatedAt", java.time.Instant.now().toString());
        ArrayNode array = root.putArray("reports");
        for (ConformanceReport report : reports) {
            ObjectNode r = array.addObject();
            r.put("backend", report.backend());
            r.put("device", report.device());
            r.put("passed", report.passed());
            ArrayNode cases = r.putArray("cases");
            for (CaseResult c : report.results()) {
                ObjectNode n = cases.addObject();
                n.put("case", c.caseId());
                n.put("criterion", c.criterion());
                n.put("verdict", c.verdict().name());
                putNumber(n, "measured", c.measured());
                putNumber(n, "tolerance", c.tolerance());
                n.put("detail", c.detail());
                n.put("millis", c.millis());
            }
        }
        write(file, () -> JSON.writeValueAsString(root) + "\n");
    }

    public static void writeMarkdown(List<ConformanceReport> reports, Path file) {
        write(file, () -> markdown(reports));
    }

    /** The Markdown text of {@link #writeMarkdown}. */
    public static String markdown(List<ConformanceReport> reports) {
        StringBuilder md = new StringBuilder("# SampleAttention conformance report\n\n");
        for (ConformanceReport r : reports) {
            md.append("- ").append(escape(r.summary())).append(r.passed() ? " — **PASS**" : " — **FAIL**").append('\n');
        }
        md.append("\n| backend | device | case | criterion | measured | tolerance | verdict | ms | detail |\n");
        md.append("| --- | --- | --- | --- | ---: | ---: | --- | ---: | --- |\n");
        for (ConformanceReport r : reports) {
            for (CaseResult c : r.results()) {
                md.append("| ").append(escape(r.backend())).append(" | ").append(escape(r.device())).append(" | ")
                        .append(escape(c.caseId())).append(" | ").append(escape(c.criterion())).append(" | ")
                        .append(number(c.measured())).append(" | ").append(number(c.tolerance())).append(" | ")
                        .append(c.verdict() == Verdict.FAIL ? "**FAIL**" : c.verdict().name()).append(" | ")
                        .append(c.millis()).append(" | ").append(escape(c.detail())).append(" |\n");
            }
        }
        return md.toString();
    }

    private static void putNumber(ObjectNode n, String field, double value) {
        if (Double.isFinite(value)) {
            n.put(field, value);
        } else {
            n.putNull(field); // JSON has no NaN
        }
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "—";
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private interface Text {
        String get() throws IOException;
    }

    private static void write(Path file, Text text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file + ": " + e.getMessage(), e);
        }
    }
}
