package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed PTX must be what build-ptx.sh makes of the CUDA sources: run where nvcc exists (and
 * is the release that wrote the committed files, since another release writes different PTX),
 * skipped with the reason elsewhere. Likewise the generated wgmma.cuh and gen-wgmma.py.
 */
class PtxUpToDateTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path COMMITTED = MODULE.resolve("src/main/resources/org/sampleattention/cuda");
    private static final Pattern RELEASE = Pattern.compile("Cuda compilation tools, release [0-9.]+, V[0-9.]+");

    @Test
    void committedPtxMatchesTheSources(@TempDir Path out) throws Exception {
        assumeTrue(Files.isRegularFile(MODULE.resolve("build-ptx.sh")), "not run from the backend-cuda module");
        String version = run(List.of("nvcc", "--version"), null);
        assumeTrue(version != null, "nvcc is not on the PATH: cannot check the committed PTX");
        Matcher local = RELEASE.matcher(version);
        String committedRelease = release(Files.readString(COMMITTED.resolve("attention.ptx")));
        assumeTrue(local.find() && local.group().equals(committedRelease),
                "the committed PTX was written by '" + committedRelease + "', this nvcc is another release");
        String log = run(List.of("bash", MODULE.resolve("build-ptx.sh").toString(), out.toString()), out);
        assertEquals(true, log != null, "build-ptx.sh failed");
        List<String> sources = new ArrayList<>();
        try (var files = Files.list(MODULE.resolve("src/main/cuda"))) {
            files.filter(p -> p.toString().endsWith(".cu")).forEach(p -> sources.add(p.getFileName().toString()));
        }
        assumeTrue(!sources.isEmpty(), "no CUDA sources found");
        for (String source : sources) {
            String ptx = source.replace(".cu", ".ptx");
            assertEquals(Files.readString(out.resolve(ptx)), Files.readString(COMMITTED.resolve(ptx)),
                    ptx + " is stale: run backend-cuda/build-ptx.sh and commit the result");
        }
    }

    @Test
    void committedWgmmaHeaderIsWhatItsGeneratorWrites(@TempDir Path out) throws Exception {
        assumeTrue(Files.isRegularFile(MODULE.resolve("gen-wgmma.py")), "not run from the backend-cuda module");
        Path generated = out.resolve("wgmma.cuh");
        String log = run(List.of("python3", MODULE.resolve("gen-wgmma.py").toString(), generated.toString()), out);
        assumeTrue(log != null, "python3 cannot run gen-wgmma.py here");
        assertEquals(Files.readString(generated), Files.readString(MODULE.resolve("src/main/cuda/wgmma.cuh")),
                "wgmma.cuh is stale: run backend-cuda/gen-wgmma.py and build-ptx.sh, and commit the results");
    }

    private static String release(String ptx) {
        Matcher m = RELEASE.matcher(ptx);
        return m.find() ? m.group() : "an unknown release";
    }

    /** The command's output, or null if it cannot be started or fails. */
    private static String run(List<String> command, Path dir) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                return null;
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
