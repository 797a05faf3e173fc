package org.sampleattention.opencl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.sampleattention.spi.AttentionEngine;

/**
 * One OpenCL engine per test class (building the kernels is the slow part on PoCL), skipped with the
 * probe's reason where OpenCL is absent, and the reference engine to compare against.
 */
abstract class OpenClEngineTest {
    static final AttentionEngine REFERENCE = OpenClTestSupport.reference();
    static AttentionEngine engine;

    @BeforeAll
    static void openEngine() {
        engine = OpenClTestSupport.engineOrSkip();
    }

    @AfterAll
    static void releaseEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
