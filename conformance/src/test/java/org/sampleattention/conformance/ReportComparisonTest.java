package org.sampleattention.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportComparisonTest {
    @TempDir
    Path dir;

    private static final ConformanceReport LAPTOP = new ConformanceReport("cpu", "host CPU", List.of(
            new CaseResult("1.1-a", "1.1 dense", Verdict.PASS, 2e-7, 1e-5, "ok", 12),
            new CaseResult("4.2-b", "4.2 error", Verdict.FAIL, Double.NaN, 0.25, "NaN output", 40)));
    private static final ConformanceReport GPU = new ConformanceReport("cuda", "cuda:0 (NVIDIA H200)", List.of(
            new CaseResult("1.1-a", "1.1 dense", Verdict.PASS, 3.5e-6, 1e-5, "ok", 3),
            new CaseResult("9.9-large", "4.1 coverage", Verdict.SKIPPED, Double.NaN, 0.93, "not declared", 0)));

    @Test
    void jsonReportsReadBackAsWritten() {
        Path file = dir.resolve("r.json");
        ReportWriter.writeJson(List.of(LAPTOP, GPU), file);
        List<ConformanceReport> back = ReportReader.readJson(file);
        assertEquals(2, back.size());
        assertEquals(LAPTOP.backend(), back.get(0).backend());
        assertEquals(LAPTOP.results().get(0), back.get(0).results().get(0));
        assertTrue(Double.isNaN(back.get(0).results().get(1).measured()), "NaN survives as null");
        assertEquals(GPU.results().get(1).verdict(), back.get(1).results().get(1).verdict());
    }

    @Test
    void theTableHasARowPerCaseAndAColumnPerBackendAndDevice() {
        String md = ReportComparison.markdown(List.of(LAPTOP, GPU));
        assertTrue(md.contains("| case | criterion | tolerance | cpu on host CPU | cuda on cuda:0 (NVIDIA H200) |"), md);
        assertTrue(md.contains("| 1.1-a | 1.1 dense | 1.00e-05 | 2.00e-07 PASS | 3.50e-06 PASS |"), md);
        assertTrue(md.contains("| 4.2-b | 4.2 error | 0.250 | — **FAIL** | — |"), md);
        assertTrue(md.contains("| 9.9-large | 4.1 coverage | 0.930 | — | — SKIPPED |"), md);
    }

    @Test
    void somethingThatIsNotAReportIsRejectedWithTheReason() throws IOException {
        Path notJson = Files.writeString(dir.resolve("x.json"), "{ nope");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReportReader.readJson(notJson)).getMessage()
                .contains("is not valid JSON"));
        Path other = Files.writeString(dir.resolve("y.json"), "{\"seqLen\": 4}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReportReader.readJson(other)).getMessage()
                .contains("no \"reports\" array"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReportReader.readJson(dir.resolve("none.json")))
                .getMessage().startsWith("no such report"));
        assertThrows(IllegalArgumentException.class, () -> ReportComparison.markdown(List.of()));
    }
}
