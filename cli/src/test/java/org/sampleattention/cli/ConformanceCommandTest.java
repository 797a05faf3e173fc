package org.sampleattention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCommandTest {
    @TempDir
    Path dir;

    @Test
    void passingBackendExitsZeroAndWritesBothReports() throws IOException {
        Path reports = dir.resolve("reports");
        Cli c = Cli.run("conformance", "--backend", "reference", "--report", reports.toString()).ok();
        assertTrue(c.out().startsWith("PASS reference on host"), c.out());
        JsonNode json = new ObjectMapper().readTree(reports.resolve("conformance.json").toFile());
        assertEquals("reference", json.get("reports").get(0).get("backend").asText());
        assertTrue(json.get("reports").get(0).get("cases").size() > 10);
        assertTrue(Files.readString(reports.resolve("conformance.md")).contains("| reference |"));
    }

    @Test
    void aSampleRatioMovesTheSamplingCasesAndMarksTheirIds() throws IOException {
        Path reports = dir.resolve("ratio");
        Cli.run("conformance", "--backend", "reference", "--sample-ratio", "0.025", "--report", reports.toString()).ok();
        JsonNode cases = new ObjectMapper().readTree(reports.resolve("conformance.json").toFile())
                .get("reports").get(0).get("cases");
        int marked = 0;
        for (JsonNode c : cases) {
            boolean sampling = c.get("criterion").asText().matches("[34]\\..*");
            assertEquals(sampling, c.get("case").asText().endsWith("-sample-ratio-0.025"), c.toString());
            marked += sampling ? 1 : 0;
        }
        assertTrue(marked > 5, "sampling cases: " + marked);
    }

    @Test
    void aFailingCaseExitsOneAndIsListed() throws IOException {
        Path reports = dir.resolve("broken");
        Cli c = Cli.run("conformance", "--backend", BrokenBackend.NAME, "--report", reports.toString());
        assertEquals(ExitCode.FAILED, c.exit(), c.err());
        assertTrue(c.out().startsWith("FAIL " + BrokenBackend.NAME), c.out());
        assertTrue(c.out().contains("deliberately broken"), c.out());
        assertTrue(Files.readString(reports.resolve("conformance.md")).contains("FAIL"));
    }

    @Test
    void badRequests() {
        Cli.run("conformance", "--size", "huge", "--report", dir.toString()).badInput("--size must be small or large");
        Cli.run("conformance", "--backend", "tpu", "--report", dir.toString()).badInput("unknown backend 'tpu'");
        Cli.run("conformance", "--sample-ratio", "0", "--report", dir.toString()).badInput("sampleRatio");
    }

    @Test
    void compareMergesReportsFromTwoRunsIntoOneTable() throws IOException {
        Path a = dir.resolve("a"), b = dir.resolve("b"), table = dir.resolve("compare.md");
        Cli.run("conformance", "--backend", "reference", "--report", a.toString()).ok();
        Cli.run("conformance", "--backend", BrokenBackend.NAME, "--report", b.toString());
        Cli c = Cli.run("conformance", "compare", a.resolve("conformance.json").toString(),
                b.resolve("conformance.json").toString(), "--out", table.toString()).ok();
        assertTrue(c.out().startsWith("wrote "), c.out());
        String md = Files.readString(table);
        assertTrue(md.contains("| case | criterion | tolerance | reference on host"), md);
        assertTrue(md.contains(BrokenBackend.NAME + " on "), md);
        assertTrue(md.lines().anyMatch(l -> l.contains(" PASS |") && l.contains("**FAIL**")),
                "a row where the reference passes and the broken backend fails: " + md);
    }

    @Test
    void compareRejectsMissingAndMalformedReports() throws IOException {
        Cli.run("conformance", "compare", dir.resolve("missing.json").toString()).badInput("no such report");
        Path bad = Files.writeString(dir.resolve("bad.json"), "[1, 2");
        Cli.run("conformance", "compare", bad.toString()).badInput("is not valid JSON");
    }
}
