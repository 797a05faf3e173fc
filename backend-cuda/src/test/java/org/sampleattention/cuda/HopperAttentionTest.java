package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sampleattention.DType;

/** Where the wgmma kernels serve a call, and the launch shape the Java side gives them. */
class HopperAttentionTest {

    @Test
    void onlyComputeCapabilityNineZeroLoadsTheSm90aPtx() {
        assertFalse(HopperAttention.enabledOn(device(8, 0)));
        assertFalse(HopperAttention.enabledOn(device(8, 9)));
        assertFalse(HopperAttention.enabledOn(device(10, 0)), "sm_90a code runs on no later architecture");
        assertTrue(HopperAttention.enabledOn(device(9, 0))
                || HopperAttention.switchedOff(System.getProperty(HopperAttention.PROPERTY)));
    }

    @Test
    void coversSixteenBitTypesAtHeadDims64And128() {
        assertTrue(HopperAttention.covers(DType.BF16, 128));
        assertTrue(HopperAttention.covers(DType.F16, 64));
        assertFalse(HopperAttention.covers(DType.F32, 128));
        assertFalse(HopperAttention.covers(DType.BF16, 96), "a 64-element panel per row: 96 is not whole panels");
        assertFalse(HopperAttention.covers(DType.BF16, 256), "the output accumulators would not fit in registers");
    }

    @Test
    void propertyTurnsTheKernelsOffAndRejectsWhatItDoesNotUnderstand() {
        assertTrue(HopperAttention.switchedOff("OFF"));
        assertFalse(HopperAttention.switchedOff(null));
        assertThrows(IllegalArgumentException.class, () -> HopperAttention.switchedOff("sometimes"));
    }

    @Test
    void launchShapeMatchesTheKernelsTiles() {
        int groups = HopperAttention.warpgroups(128);
        assertEquals(64 * groups, HopperAttention.rows(128));
        assertEquals(128 * groups, HopperAttention.threads(128));
        assertEquals("attention_wgmma_bf16_d128_wg" + groups, HopperAttention.kernel(DType.BF16, 128));
        // alignment slack, Q blocks, two stages of K and V, two stages of 64 key indices
        assertEquals(1024 + 64 * groups * 128 * 2 + 4 * 64 * 128 * 2 + 2 * 64 * 4, HopperAttention.sharedBytes(128));
        assertTrue(HopperAttention.sharedBytes(128) <= 227 * 1024, "within an H100/H200 block's shared memory");
    }

    private static DeviceInfo device(int major, int minor) {
        return new DeviceInfo(0, "test", 1L << 34, major, minor, 132, 13000);
    }
}
