package org.sampleattention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./sampleattention} launcher's JDK search (building and running are checked from a clean clone). */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "sampleattention").toAbsolutePath().normalize();

    @Test
    void saysClearlyWhenNoJdk25IsFound(@TempDir Path emptyJvmDir) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(LAUNCHER), "launcher at " + LAUNCHER);
        ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "backends").redirectErrorStream(false);
        pb.environment().put("JAVA_HOME", emptyJvmDir.resolve("not-a-jdk").toString());
        pb.environment().put("SAMPLEATTENTION_JVM_DIR", emptyJvmDir.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), err);
        assertTrue(err.startsWith("sampleattention: needs a JDK 25, none found"), err);
        assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
