package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sampleattention.DType;

/** Where the wgmma kernels serve a call, and that their launch fits a Hopper block. */
class HopperKernelsTest {

    @Test
    void onlyComputeCapabilityNineZeroLoadsTheSm90aPtx() {
        assertFalse(HopperKernels.enabledOn(device(8, 0), null));
        assertFalse(HopperKernels.enabledOn(device(8, 9), null));
        assertFalse(HopperKernels.enabledOn(device(10, 0), null), "sm_90a code runs on no later architecture");
        assertTrue(HopperKernels.enabledOn(device(9, 0), null));
    }

    @Test
    void propertyTurnsTheKernelsOffAndATypoIsAnError() {
        assertFalse(HopperKernels.enabledOn(device(9, 0), "off"));
        assertTrue(HopperKernels.enabledOn(device(9, 0), "on"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HopperKernels.enabledOn(device(8, 0), "sometimes"));
        assertTrue(e.getMessage().contains(HopperKernels.PROPERTY), e.getMessage());
    }

    @Test
    void coversSixteenBitTypesAtHeadDims64And128() {
        assertTrue(HopperKernels.covers(DType.BF16, 128));
        assertTrue(HopperKernels.covers(DType.F16, 64));
        assertFalse(HopperKernels.covers(DType.F32, 128));
        assertFalse(HopperKernels.covers(DType.BF16, 96), "a 64-element panel per row: 96 is not whole panels");
        assertFalse(HopperKernels.covers(DType.BF16, 256), "the output accumulators would not fit in registers");
    }

    @Test
    void sharedMemoryFitsAHopperBlock() {
        for (int d : new int[] {64, 128}) {
            assertTrue(HopperKernels.attentionSharedBytes(d) <= 227 * 1024, "attention at d = " + d);
            assertTrue(HopperKernels.samplingSharedBytes(d) <= 227 * 1024, "sampling at d = " + d);
        }
    }

    @Test
    void everyKernelTheLaunchersNameIsAnEntryOfItsModule() throws IOException {
        String attention = ptx(HopperKernels.ATTENTION_MODULE), sampling = ptx(HopperKernels.SAMPLING_MODULE);
        for (DType dtype : new DType[] {DType.BF16, DType.F16}) {
            for (int d : new int[] {64, 128}) {
                String name = HopperKernels.attentionKernel(dtype, d);
                assertTrue(attention.contains(".entry " + name + "("), name);
                for (int pass = 1; pass <= 2; pass++) {
                    name = HopperKernels.samplingKernel(dtype, d, pass);
                    assertTrue(sampling.contains(".entry " + name + "("), name);
                }
            }
        }
    }

    private static String ptx(String module) throws IOException {
        try (InputStream in = HopperKernels.class.getResourceAsStream(module)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static DeviceInfo device(int major, int minor) {
        return new DeviceInfo(0, "test", 1L << 34, major, minor, 132, 13000);
    }
}
