package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sampleattention.DType;

class F32TilesTest {
    @Test
    void takesF32AtTheHeadDimsItsKernelsAreBuiltFor() {
        for (int d : new int[] {64, 96, 128}) {
            assertTrue(F32Tiles.supports(DType.F32, d), "f32 d = " + d);
            assertFalse(F32Tiles.supports(DType.BF16, d), "bf16 takes the tensor cores, d = " + d);
            assertFalse(F32Tiles.supports(DType.F16, d), "f16 takes the tensor cores, d = " + d);
        }
        for (int d : new int[] {8, 37, 80, 256}) {
            assertFalse(F32Tiles.supports(DType.F32, d), "f32 d = " + d + " stays row-wise");
        }
        assertEquals("attention_simt_f32_d96", F32Tiles.attentionKernel(96));
        assertEquals("sample_simt_f32_d128", F32Tiles.samplingKernel(128));
    }
}
