package org.sampleattention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sampleattention.DType;
import org.sampleattention.cli.tensorfile.TensorFileFormat;
import org.sampleattention.select.BackendSelector;

class BackendsCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsEveryBackendWithItsStatusDeviceAndCapabilities() {
        Cli c = Cli.run("backends").ok();
        assertTrue(c.out().contains("reference (priority 0): available"), c.out());
        assertTrue(c.out().contains("device:       host"), c.out());
        assertTrue(c.out().contains("capabilities: dtypes"), c.out());
        assertTrue(c.out().lines().anyMatch(l -> l.startsWith("* ")), "the default backend is marked: " + c.out());
    }

    @Test
    void cutsMultiLineReasonsToTheirFirstLine() {
        assertEquals("no driver (UnsatisfiedLinkError: x) ...",
                BackendOption.firstLine("no driver (UnsatisfiedLinkError: x)\n\tat Foo.bar\n"));
        assertEquals("one line", BackendOption.firstLine("one line"));
    }

    @Test
    void honoursTheBackendProperty() throws IOException {
        TestTensors.writeSet(dir, TensorFileFormat.NPY, DType.F32, 2, 1, 16, 4);
        String previous = System.getProperty(BackendSelector.PROPERTY);
        System.setProperty(BackendSelector.PROPERTY, "nonesuch");
        try {
            Cli listing = Cli.run("backends").ok();
            assertTrue(listing.out().contains("requested by -Dsampleattention.backend"), listing.out());
            Cli.run("run", "--q", dir.resolve("q.npy").toString(), "--k", dir.resolve("k.npy").toString(), "--v",
                    dir.resolve("v.npy").toString(), "--out", dir.resolve("o.npy").toString())
                    .badInput("unknown backend 'nonesuch'");
        } finally {
            if (previous == null) {
                System.clearProperty(BackendSelector.PROPERTY);
            } else {
                System.setProperty(BackendSelector.PROPERTY, previous);
            }
        }
    }
}
