package org.sampleattention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sampleattention.spi.AttentionBackend;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheTableAndWritesThePlanImageAndStats() throws IOException {
        Path out = dir.resolve("demo-out");
        Cli c = Cli.run("demo", "--seq-len", "384", "--heads", "4", "--kv-heads", "2", "--head-dim", "16", "--out",
                out.toString(), "--backend", "reference", "--min-sparse-length", "0", "--sample-block", "16").ok();
        String table = c.out();
        for (String row : List.of("backend           reference", "device", "dense", "SampleAttention", "speedup",
                "density", "error vs dense", "coverage")) {
            assertTrue(table.contains(row), () -> "'" + row + "' missing from:\n" + table);
        }
        assertEquals(4, table.lines().filter(l -> l.matches("\\s+\\d+\\s+\\d+\\s+\\w+\\s+(sparse|dense)\\s.*")).count(),
                "one row per head:\n" + table);

        BufferedImage image = ImageIO.read(out.resolve("plan.png").toFile());
        assertEquals(4 * 256 + 3 * 8, image.getWidth(), "four heads side by side");
        assertEquals(256, image.getHeight());

        JsonNode stats = new ObjectMapper().readTree(out.resolve("stats.json").toFile());
        assertEquals(List.of("backend", "device", "seqLen", "heads", "kvHeads", "headDim", "dtype", "totalMs",
                "stages", "perHead"), RunCommandTest.fieldNames(stats));
        assertEquals(384, stats.get("seqLen").asInt());
        assertEquals(4, stats.get("perHead").size());
    }

    @Test
    void theDefaultLengthFollowsTheBackendsRank() {
        assertEquals(DemoCommand.REFERENCE_SEQ_LEN, DemoCommand.seqLenFor(null, "reference", 0));
        assertEquals(DemoCommand.DEFAULT_SEQ_LEN, DemoCommand.seqLenFor(null, "cpu", AttentionBackend.CPU_PRIORITY));
        assertEquals(DemoCommand.DEFAULT_SEQ_LEN, DemoCommand.seqLenFor(null, "opencl", 150), "opencl on a CPU");
        assertEquals(DemoCommand.ACCELERATOR_SEQ_LEN, DemoCommand.seqLenFor(null, "opencl", 300), "opencl on a GPU");
        assertEquals(DemoCommand.ACCELERATOR_SEQ_LEN, DemoCommand.seqLenFor(null, "cuda", 400));
        assertEquals(1000, DemoCommand.seqLenFor(1000, "reference", 0), "an explicit length wins");
        assertEquals(1000, DemoCommand.seqLenFor(1000, "cuda", 400), "an explicit length wins");
    }

    /**
     * A lower bound on time only: on a JIT-compiled backend the demo warms dense attention and
     * SampleAttention up for a second each before timing them (a 16K cpu demo without it reported half
     * its steady speed-up); on the exact reference backend it does not.
     */
    @Test
    void warmsUpForASecondPerModeExceptOnTheReference() {
        String[] tiny = {"demo", "--seq-len", "128", "--heads", "2", "--kv-heads", "1", "--head-dim", "8",
                "--repeats", "1", "--out", dir.toString()};
        long start = System.nanoTime();
        Cli.run(RunCommandTest.concat(tiny, new String[] {"--backend", "cpu"})).ok();
        double cpuSeconds = (System.nanoTime() - start) / 1e9;
        assertTrue(cpuSeconds >= 2, "the cpu demo took " + cpuSeconds + " s");

        start = System.nanoTime();
        Cli.run(RunCommandTest.concat(tiny, new String[] {"--backend", "reference"})).ok();
        double referenceSeconds = (System.nanoTime() - start) / 1e9;
        assertTrue(referenceSeconds < 2, "the reference demo took " + referenceSeconds + " s");
    }

    @Test
    void badRequests() {
        Cli.run("demo", "--seq-len", "64", "--heads", "4", "--kv-heads", "3", "--backend", "reference", "--out",
                dir.toString()).badInput("--heads (4) must be a multiple of --kv-heads (3)");
        Cli.run("demo", "--backend", "nonesuch").badInput("unknown backend 'nonesuch'");
        Cli.run("demo", "--repeats", "0", "--backend", "reference", "--out", dir.toString())
                .badInput("--repeats must be at least 1, got 0");
        Cli.run("demo", "--seq-len", "64", "--head-dim", "2", "--backend", BrokenBackend.NAME, "--out", dir.toString())
                .badInput("does not support head dim 2");
    }
}
