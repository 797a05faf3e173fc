package org.sampleattention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"llm, f32", "diffuse, f16", "needle, bf16"})
    void writesTheIssuesJsonWithConsistentFigures(String workload, String dtype) throws IOException {
        Path json = dir.resolve("bench.json");
        Cli c = Cli.run("bench", "--seq-len", "256", "--heads", "4", "--kv-heads", "2", "--head-dim", "16", "--dtype",
                dtype, "--workload", workload, "--backend", "reference", "--repeats", "3", "--warmup", "1", "--warmup-seconds",
                "0", "--json", json.toString(), "--min-sparse-length", "0", "--sample-block", "16").ok();
        assertTrue(c.out().contains("speedup"), c.out());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals(List.of("backend", "device", "seqLen", "heads", "kvHeads", "headDim", "dtype", "workload", "dense",
                "sparse", "speedup"), RunCommandTest.fieldNames(r));
        assertEquals(List.of("medianMs", "gflops"), RunCommandTest.fieldNames(r.get("dense")));
        assertEquals(List.of("medianMs", "gflops", "sampleMs", "filterMs", "attendMs", "density", "meanCoverage",
                "relL2VsDense"), RunCommandTest.fieldNames(r.get("sparse")));
        assertEquals("reference", r.get("backend").asText());
        assertEquals(256, r.get("seqLen").asInt());
        assertEquals(4, r.get("heads").asInt());
        assertEquals(2, r.get("kvHeads").asInt());
        assertEquals(16, r.get("headDim").asInt());
        assertEquals(dtype, r.get("dtype").asText());
        assertEquals(workload, r.get("workload").asText());

        JsonNode dense = r.get("dense"), sparse = r.get("sparse");
        long causalPairs = 256L * 257 / 2 * 4; // 4 q-heads
        assertEquals(4.0 * causalPairs * 16 / (dense.get("medianMs").asDouble() * 1e6), dense.get("gflops").asDouble(),
                1e-9 * dense.get("gflops").asDouble());
        double density = sparse.get("density").asDouble();
        assertTrue(density > 0 && density <= 1, "density " + density);
        assertEquals(4.0 * density * causalPairs * 16 / (sparse.get("medianMs").asDouble() * 1e6),
                sparse.get("gflops").asDouble(), 1e-6 * sparse.get("gflops").asDouble());
        assertEquals(dense.get("medianMs").asDouble() / sparse.get("medianMs").asDouble(), r.get("speedup").asDouble(),
                1e-9);
        double error = sparse.get("relL2VsDense").asDouble();
        assertTrue(error >= 0 && error < 0.5, "relative L2 against dense: " + error);
        assertTrue(sparse.get("meanCoverage").isNull() || sparse.get("meanCoverage").asDouble() > 0.5);
    }

    /** A lower bound on time only: the warm-up of dense attention and of SampleAttention each last as long as asked. */
    @Test
    void warmsUpForAtLeastTheGivenTime() {
        long start = System.nanoTime();
        Cli.run("bench", "--seq-len", "64", "--heads", "2", "--kv-heads", "1", "--head-dim", "8", "--backend",
                "reference", "--repeats", "1", "--warmup", "0", "--warmup-seconds", "0.4").ok();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds >= 0.8, "bench took " + seconds + " s");
    }

    @Test
    void badRequests() {
        String[] base = {"bench", "--seq-len", "64", "--heads", "2", "--kv-heads", "1", "--head-dim", "8", "--backend",
                "reference"};
        Cli.run(RunCommandTest.concat(base, new String[] {"--workload", "chatty"})).badInput("unknown workload 'chatty'");
        Cli.run(RunCommandTest.concat(base, new String[] {"--dtype", "f64"})).badInput("unknown dtype 'f64'");
        Cli.run(RunCommandTest.concat(base, new String[] {"--repeats", "0"})).badInput("--repeats must be at least 1");
        Cli.run(RunCommandTest.concat(base, new String[] {"--warmup-seconds", "-1"})).badInput("--warmup-seconds at least 0");
        Cli.run("bench", "--seq-len", "64", "--heads", "3", "--kv-heads", "2", "--backend", "reference")
                .badInput("--heads (3) must be a multiple of --kv-heads (2)");
        Cli.run("bench", "--heads", "2", "--kv-heads", "1").badInput("--seq-len is required");
        Cli.run("bench", "--seq-len", "0").badInput("--seq-len must be at least 1");
        Cli.run(RunCommandTest.concat(base, new String[] {"--alpha", "0"})).badInput("alpha must be in (0, 1]");
    }
}
