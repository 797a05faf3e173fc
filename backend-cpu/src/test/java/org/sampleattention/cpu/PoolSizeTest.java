package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sampleattention.spi.Availability;

/** The pool size from {@code -Dsampleattention.cpu.threads}, and what the backend makes of it. */
class PoolSizeTest {
    @AfterEach
    void clearProperty() {
        System.clearProperty(PoolSize.PROPERTY);
    }

    @Test
    void unsetMeansOneThreadPerProcessor() {
        assertEquals(12, PoolSize.parse(null, 12));
    }

    @Test
    void aPositiveCountIsTaken() {
        assertEquals(3, PoolSize.parse("3", 12));
        assertEquals(40, PoolSize.parse(" 40 ", 12)); // more than the processors is the user's call
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "four", "", "2.5", "32768"})
    void anythingElseIsRefusedNamingTheProperty(String value) {
        var e = assertThrows(IllegalArgumentException.class, () -> PoolSize.parse(value, 12));
        assertTrue(e.getMessage().contains("-Dsampleattention.cpu.threads=" + value), e.getMessage());
    }

    @Test
    void anExplicitCountBeyondWhatAPoolRunsIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CpuBackend().withThreads(PoolSize.MAX_THREADS + 1));
        assertTrue(e.getMessage().contains("32768"), e.getMessage());
    }

    @Test
    void theBackendSizesItsPoolByTheProperty() {
        System.setProperty(PoolSize.PROPERTY, "3");
        CpuBackend backend = new CpuBackend();
        assertTrue(backend.probe().toString().contains("3 threads"), backend.probe().toString());
        try (var engine = backend.create()) {
            assertTrue(engine.device().contains("3 threads"), engine.device());
        }
        try (var engine = backend.withThreads(1).create()) {
            assertTrue(engine.device().startsWith("host CPU, 1 thread,"), engine.device()); // an explicit count wins
        }
    }

    @Test
    void aBadPropertyMakesTheBackendUnavailableWithTheReason() {
        System.setProperty(PoolSize.PROPERTY, "many");
        CpuBackend backend = new CpuBackend();
        Availability availability = backend.probe();
        assertFalse(availability.available());
        assertTrue(availability.toString().contains("-Dsampleattention.cpu.threads=many"), availability.toString());
        var e = assertThrows(IllegalArgumentException.class, backend::create);
        assertTrue(e.getMessage().contains("-Dsampleattention.cpu.threads=many"), e.getMessage());
    }
}
