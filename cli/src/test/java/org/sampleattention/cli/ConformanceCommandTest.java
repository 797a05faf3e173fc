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
    }
}
