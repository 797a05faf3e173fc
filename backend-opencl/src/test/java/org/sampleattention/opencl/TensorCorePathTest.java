package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sampleattention.DType;

/** Where the tensor-core kernels serve a call, and how their tiles are fitted to local memory. */
class TensorCorePathTest {

    @Test
    void servesSixteenBitTypesAtHeadDimsThatAreMultiplesOfSixteenUpTo128() {
        assertTrue(TensorCorePath.covers(DType.F16, 128));
        assertTrue(TensorCorePath.covers(DType.BF16, 64));
        assertTrue(TensorCorePath.covers(DType.BF16, 96));
        assertFalse(TensorCorePath.covers(DType.F32, 128), "f32 has no m16n8k16 tensor-core form");
        assertFalse(TensorCorePath.covers(DType.F16, 80 + 8), "not a multiple of 16");
        assertFalse(TensorCorePath.covers(DType.F16, 256), "fragments and accumulators would not fit in registers");
    }

    @Test
    void onlyNvidiaDevicesOfComputeCapabilityEightOrNewer() {
        assertFalse(TensorCorePath.enabledOn(device(0), null), "not an NVIDIA device");
        assertFalse(TensorCorePath.enabledOn(device(75), null), "Turing has no bf16 mma.sync");
        assertTrue(TensorCorePath.enabledOn(device(80), null));
        assertTrue(TensorCorePath.enabledOn(device(90), "auto"));
    }

    @Test
    void propertyTurnsThePathOffAndATypoIsAnErrorOnEveryDevice() {
        assertFalse(TensorCorePath.enabledOn(device(90), "off"));
        assertFalse(TensorCorePath.enabledOn(device(90), " FALSE "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorCorePath.enabledOn(device(0), "maybe"));
        assertTrue(e.getMessage().contains(TensorCorePath.PROPERTY), e.getMessage());
    }

    @Test
    void keyTilesShrinkToFitTheLocalMemory() {
        // 48 KiB, what NVIDIA's OpenCL offers a work-group: K and V in two stages of 32 keys at d = 128
        assertEquals(32, TensorCorePath.attendKeyTile(48 * 1024, 128));
        assertEquals(64, TensorCorePath.sampleKeyTile(48 * 1024, 128));
        // sampling at d = 128, 64 keys: 34 KiB of K stages and 2 KiB of column partials (two stages)
        assertEquals(64, TensorCorePath.sampleKeyTile(36 * 1024, 128));
        assertEquals(32, TensorCorePath.sampleKeyTile(36 * 1024 - 1, 128), "the partials are double-buffered");
        assertEquals(64, TensorCorePath.attendKeyTile(48 * 1024, 64));
        assertEquals(64, TensorCorePath.attendKeyTile(100 * 1024, 128));
        assertEquals(16, TensorCorePath.attendKeyTile(16 * 1024, 64));
        assertEquals(0, TensorCorePath.attendKeyTile(8 * 1024, 128), "not even the 64-row query tile fits");
    }

    private static ClDevice device(int computeCapability) {
        return new ClDevice(0, null, null, "test platform", "test device", "OpenCL 3.0", 0, 1024, 48 * 1024,
                1L << 30, 1L << 32, computeCapability);
    }
}
