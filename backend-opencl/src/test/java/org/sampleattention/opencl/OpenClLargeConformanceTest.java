package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sampleattention.conformance.CaseResult;
import org.sampleattention.conformance.ConformanceReport;
import org.sampleattention.conformance.ConformanceRunner;
import org.sampleattention.conformance.ConformanceSize;
import org.sampleattention.conformance.ReportWriter;
import org.sampleattention.conformance.Verdict;

/**
 * The conformance kit at its large size (16K-128K cases) on the GPU host, with the report written
 * beside the JUnit reports so runs on different machines can be compared.
 */
@Tag("gpu")
class OpenClLargeConformanceTest {

    @Test
    void largeConformanceCasesPass() {
        OpenClBackend backend = new OpenClBackend();
        assumeTrue(backend.probe().available(), () -> "no OpenCL here: " + backend.probe().reason());
        ConformanceReport report = ConformanceRunner.run(backend, ConformanceSize.LARGE);
        Path out = Path.of(System.getProperty("conformance.report.dir", "gpu-reports"));
        ReportWriter.writeJson(List.of(report), out.resolve("opencl-conformance-large.json"));
        ReportWriter.writeMarkdown(List.of(report), out.resolve("opencl-conformance-large.md"));
        List<CaseResult> failed = report.results().stream().filter(r -> r.verdict() == Verdict.FAIL).toList();
        assertTrue(report.passed(), failed.size() + " cases failed: " + failed);
    }
}
