package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Run only by the build's narrower-vector executions (see backend-cpu's pom: the kernel and backend
 * tests again with the JIT's vectors limited to 256 and 128 bits, the register blocks of AVX2 and
 * NEON-width machines): proves that those runs really used the width they name, so that a JVM ignoring
 * the flag cannot pass them off as 512-bit runs.
 */
class VectorWidthTest {
    @Test
    void kernelsRunAtTheLaneCountTheBuildAskedFor() {
        int expected = Integer.parseInt(System.getProperty("sampleattention.test.lanes"));
        assertEquals(expected, TileKernelsProvider.vector().lanes(),
                "the Vector API's preferred species under this run's -XX:MaxVectorSize");
    }
}
