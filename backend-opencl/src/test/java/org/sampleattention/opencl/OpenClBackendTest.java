package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sampleattention.DType;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;
import org.sampleattention.spi.Capabilities;

/** Discovery, probing, device choice and ranking. */
class OpenClBackendTest {

    @AfterEach
    void clearDeviceProperty() {
        System.clearProperty(DeviceChoice.PROPERTY);
    }

    private static Availability availableOrSkip() {
        Availability availability = new OpenClBackend().probe();
        assumeTrue(availability.available(), () -> "no OpenCL here: " + availability.reason());
        return availability;
    }

    @Test
    void serviceLoaderFindsTheBackend() {
        assertTrue(ServiceLoader.load(AttentionBackend.class).stream()
                .anyMatch(p -> p.type() == OpenClBackend.class));
        assertEquals("opencl", new OpenClBackend().name());
    }

    @Test
    void probeNamesTheChosenDeviceAndListsAll() {
        Availability availability = availableOrSkip();
        List<ClDevice> devices = DeviceChoice.all();
        assertTrue(availability.device().startsWith("opencl:"), availability.device());
        assertTrue(availability.reason().contains(devices.getFirst().name()), availability.reason());
    }

    @Test
    void priorityRanksCpuDevicesBelowAndGpuDevicesAboveTheCpuBackend() {
        availableOrSkip();
        ClDevice chosen = DeviceChoice.choose(DeviceChoice.all());
        int priority = new OpenClBackend().priority();
        assertEquals(chosen.isGpu() ? 300 : 150, priority);
        assertTrue(chosen.isGpu() ? priority > 200 : priority < 200);
    }

    @Test
    void defaultChoicePrefersAGpu() {
        availableOrSkip();
        List<ClDevice> devices = DeviceChoice.all();
        ClDevice chosen = DeviceChoice.choose(devices);
        assertEquals(devices.stream().anyMatch(ClDevice::isGpu), chosen.isGpu());
    }

    @Test
    void propertySelectsByIndexOrNameAndRejectsUnknownDevices() {
        availableOrSkip();
        List<ClDevice> devices = DeviceChoice.all();
        ClDevice last = devices.getLast();
        System.setProperty(DeviceChoice.PROPERTY, Integer.toString(last.index()));
        assertEquals(last.index(), DeviceChoice.choose(devices).index());
        System.setProperty(DeviceChoice.PROPERTY, last.name().substring(0, Math.min(6, last.name().length())).toUpperCase());
        assertTrue(DeviceChoice.choose(devices).name().toLowerCase().contains(
                last.name().substring(0, Math.min(6, last.name().length())).toLowerCase()));

        System.setProperty(DeviceChoice.PROPERTY, "no-such-device-xyz");
        Availability missing = new OpenClBackend().probe();
        assertFalse(missing.available());
        assertTrue(missing.reason().contains("no-such-device-xyz") && missing.reason().contains(last.name()),
                missing.reason());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new OpenClBackend().create());
        assertTrue(e.getMessage().contains("unavailable"), e.getMessage());
        System.setProperty(DeviceChoice.PROPERTY, Integer.toString(devices.size()));
        assertFalse(new OpenClBackend().probe().available());
    }

    @Test
    void capabilitiesDeclareEveryDtypeAndTheHeadDimLimit() {
        availableOrSkip();
        Capabilities capabilities = new OpenClBackend().capabilities();
        for (DType dtype : DType.values()) {
            assertTrue(capabilities.supports(dtype));
        }
        assertTrue(capabilities.supportsHeadDim(1) && capabilities.supportsHeadDim(OpenClBackend.MAX_HEAD_DIM));
        assertFalse(capabilities.supportsHeadDim(OpenClBackend.MAX_HEAD_DIM + 1));
        assertTrue(capabilities.deviceResident());
        assertTrue(capabilities.memoryBytes() > 0);
    }

    @Test
    void engineDescribesItsDeviceAndClosesIdempotently() {
        availableOrSkip();
        AttentionEngine engine = new OpenClBackend().create();
        assertEquals("opencl", engine.backendName());
        assertTrue(engine.device().startsWith("opencl:"), engine.device());
        engine.close();
        engine.close();
        assertThrows(IllegalStateException.class, () -> ((OpenClEngine) engine).kernelsFor(16));
    }
}
