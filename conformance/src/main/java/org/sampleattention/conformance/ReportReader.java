package org.sampleattention.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads back the JSON that {@link ReportWriter#writeJson} writes, e.g. a report from another machine. */
public final class ReportReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reports are a few hundred kilobytes; anything far larger is not one. */
    private static final long MAX_BYTES = 64L << 20;

    private ReportReader() {
    }

    public static List<ConformanceReport> readJson(Path file) {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(file + " is over " + (MAX_BYTES >> 20) + " MiB: not a conformance report");
            }
            root = JSON.readTree(file.toFile());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such report: " + file, e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read report " + file + ": " + e.getMessage(), e);
        }
        JsonNode reports = root == null ? null : root.get("reports");
        if (reports == null || !reports.isArray()) {
            throw new IllegalArgumentException(file + " is not a conformance report: no \"reports\" array");
        }
        List<ConformanceReport> out = new ArrayList<>();
        for (JsonNode r : reports) {
            List<CaseResult> cases = new ArrayList<>();
            for (JsonNode c : required(r, "cases", file)) {
                cases.add(new CaseResult(text(c, "case", file), text(c, "criterion", file),
                        verdict(text(c, "verdict", file), file), number(c, "measured"), number(c, "tolerance"),
                        c.path("detail").asText(""), c.path("millis").asLong(0)));
            }
            out.add(new ConformanceReport(text(r, "backend", file), text(r, "device", file), cases));
        }
        return out;
    }

    private static JsonNode required(JsonNode node, String field, Path file) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(file + " is not a conformance report: an entry lacks \"" + field + "\"");
        }
        return value;
    }

    private static String text(JsonNode node, String field, Path file) {
        return required(node, field, file).asText();
    }

    /** Null stands for a figure JSON cannot hold (NaN); it reads back as NaN. */
    private static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() ? Double.NaN : value.asDouble();
    }

    private static Verdict verdict(String name, Path file) {
        try {
            return Verdict.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": unknown verdict '" + name + "'", e);
        }
    }
}
