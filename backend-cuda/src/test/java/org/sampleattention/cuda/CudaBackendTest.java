package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.Availability;

/** Discovery and probing, on any machine: with a device, without one, without JCuda's natives. */
class CudaBackendTest {

    @Test
    void isDiscoveredThroughTheServiceLoader() {
        boolean found = ServiceLoader.load(AttentionBackend.class).stream()
                .anyMatch(p -> p.type() == CudaBackend.class);
        assertTrue(found, "META-INF/services must list CudaBackend");
    }

    @Test
    void namesItselfAndOutranksTheOtherBackends() {
        CudaBackend backend = new CudaBackend();
        assertEquals("cuda", backend.name());
        assertEquals(400, backend.priority());
    }

    @Test
    void probeAnswersWithAReasonEitherWay() {
        Availability availability = new CudaBackend().probe();
        assertFalse(availability.reason().isBlank());
        if (availability.available()) {
            assertTrue(availability.device().startsWith("cuda:"), availability.device());
            assertTrue(availability.reason().contains("compute capability"), availability.reason());
        }
    }

    @Test
    void createFailsWithTheProbeReasonWhereUnavailable() {
        CudaBackend backend = new CudaBackend();
        Availability availability = backend.probe();
        if (availability.available()) {
            backend.create().close();
            return;
        }
        var e = assertThrows(IllegalStateException.class, backend::create);
        assertTrue(e.getMessage().contains(availability.reason()), e.getMessage());
    }

    @Test
    void capabilitiesDeclareEveryDtypeAndTheRowwiseHeadDimLimit() {
        var caps = new CudaBackend().capabilities();
        assertEquals(3, caps.dtypes().size());
        assertTrue(caps.supportsHeadDim(128) && caps.supportsHeadDim(37) && !caps.supportsHeadDim(513));
        assertTrue(caps.deviceResident());
    }
}
