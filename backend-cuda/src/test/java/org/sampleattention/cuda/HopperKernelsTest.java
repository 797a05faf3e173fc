package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sampleattention.DType;

/** Where the wgmma kernels serve a call, and the launch shapes the Java side gives them. */
class HopperKernelsTest {

    @Test
    void onlyComputeCapabilityNineZeroLoadsTheSm90aPtx() {
        assertFalse(HopperKernels.enabledOn(device(8, 0)));
        assertFalse(HopperKernels.enabledOn(device(8, 9)));
        assertFalse(HopperKernels.enabledOn(device(10, 0)), "sm_90a code runs on no later architecture");
        assertTrue(HopperKernels.enabledOn(device(9, 0))
                || HopperKernels.switchedOff(System.getProperty(HopperKernels.PROPERTY)));
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
    void propertyTurnsTheKernelsOffAndRejectsWhatItDoesNotUnderstand() {
        assertTrue(HopperKernels.switchedOff("OFF"));
        assertFalse(HopperKernels.switchedOff(null));
        assertThrows(IllegalArgumentException.class, () -> HopperKernels.switchedOff("sometimes"));
    }

    @Test
    void launchShapesMatchTheKernelsTiles() {
        int groups = HopperKernels.warpgroups(128);
        assertEquals(64 * groups, HopperKernels.attentionRows(128));
        assertEquals(128 * groups, HopperKernels.attentionThreads(128));
        assertEquals("attention_wgmma_bf16_d128_wg" + groups, HopperKernels.attentionKernel(DType.BF16, 128));
        // alignment slack, Q blocks, two stages of K and V, two stages of 64 key indices
        assertEquals(1024 + 64 * groups * 128 * 2 + 4 * 64 * 128 * 2 + 2 * 64 * 4, HopperKernels.attentionSharedBytes(128));
        assertTrue(HopperKernels.attentionSharedBytes(128) <= 227 * 1024, "within an H100/H200 block's shared memory");
        assertEquals("sample_wgmma_f16_d64", HopperKernels.samplingKernel(DType.F16, 64));
        // alignment slack, the Q tile, two stages of K, four warps' column sums of 64 keys
        assertEquals(1024 + 64 * 128 * 2 + 2 * 64 * 128 * 2 + 4 * 64 * 4, HopperKernels.samplingSharedBytes(128));
    }

    private static DeviceInfo device(int major, int minor) {
        return new DeviceInfo(0, "test", 1L << 34, major, minor, 132, 13000);
    }
}
