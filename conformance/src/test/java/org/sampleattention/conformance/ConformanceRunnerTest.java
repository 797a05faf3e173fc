package org.sampleattention.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;
import org.sampleattention.spi.Capabilities;

class ConformanceRunnerTest {

    @Test
    void reportsEveryCaseAsJsonAndMarkdown(@TempDir Path dir) throws Exception {
        List<ConformanceCase> cases = ConformanceCases.validation(ConformanceSize.SMALL).toList();
        ConformanceReport report = ConformanceRunner.run(new ReferenceBackend(), cases, r -> { });
        assertTrue(report.passed(), report.summary());
        assertEquals(cases.size(), report.results().size());

        ReportWriter.writeJson(List.of(report), dir.resolve("out/report.json"));
        ReportWriter.writeMarkdown(List.of(report), dir.resolve("out/report.md"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        JsonNode first = json.get("reports").get(0);
        assertEquals("reference", first.get("backend").asText());
        assertEquals(cases.size(), first.get("cases").size());
        int skipped = 0;
        for (JsonNode c : first.get("cases")) {
            if (c.get("verdict").asText().equals("SKIPPED")) {
                skipped++;
                assertTrue(c.get("detail").asText().contains("backend declares"), "a skipped case carries its reason");
                assertTrue(c.get("measured").isNull(), "NaN is written as null");
            }
        }
        assertEquals(2, skipped, "the reference declares every dtype and head dim, so 5.3 and 5.4 skip");
        String md = Files.readString(dir.resolve("out/report.md"));
        assertTrue(md.contains("| backend | device | case | criterion | measured | tolerance | verdict |"), md);
        assertTrue(md.contains("5.1-nan-q"), md);
    }

    @Test
    void unavailableBackendSkipsEveryCaseWithTheProbeReason() {
        AttentionBackend absent = new AttentionBackend() {
            @Override
            public String name() {
                return "absent";
            }

            @Override
            public int priority() {
                return 0;
            }

            @Override
            public Availability probe() {
                return Availability.unavailable("no device here");
            }

            @Override
            public Capabilities capabilities() {
                return new ReferenceBackend().capabilities();
            }

            @Override
            public AttentionEngine create() {
                throw new IllegalStateException("unavailable");
            }
        };
        ConformanceReport report = ConformanceRunner.run(absent, ConformanceSize.SMALL);
        assertTrue(report.results().stream().allMatch(r -> r.verdict() == Verdict.SKIPPED
                && r.detail().contains("no device here")));
        assertTrue(report.passed());
    }
}
