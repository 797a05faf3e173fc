package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sampleattention.DType;

class F32TilesTest {
    private static final int[] TILE_DIMS = {64, 96, 128, 256};

    @Test
    void takesF32AtTheHeadDimsItsKernelsAreBuiltFor() {
        for (int d : TILE_DIMS) {
            assertTrue(F32Tiles.supports(DType.F32, d), "f32 d = " + d);
            assertFalse(F32Tiles.supports(DType.BF16, d), "bf16 takes the tensor cores, d = " + d);
            assertFalse(F32Tiles.supports(DType.F16, d), "f16 takes the tensor cores, d = " + d);
        }
        for (int d : new int[] {8, 37, 80, 300}) {
            assertFalse(F32Tiles.supports(DType.F32, d), "f32 d = " + d + " has no tiles of its own");
        }
        assertEquals("attention_simt_f32_d96", F32Tiles.attentionKernel(96));
        assertEquals("sample_simt_f32_d128", F32Tiles.samplingKernel(128));
    }

    /** The sides and keys of attention.cu's SIMT and sampling.cu's SAMPLE_SIMT instantiations. */
    @Test
    void launchShapesMatchTheKernelsInstantiations() {
        for (int d : TILE_DIMS) {
            assertEquals(d == 256 ? 4 : 2, F32Tiles.attentionSides(d), "attention sides at d = " + d);
            assertEquals(d == 256 ? 16 : 32, F32Tiles.attentionKeys(d), "attention keys at d = " + d);
            assertEquals(d == 256 ? 2 : 1, F32Tiles.samplingSides(d), "sampling sides at d = " + d);
        }
    }

    @Test
    void passOneCutsTheKeysIntoChunksOf4096AtMost16() {
        assertEquals(1, F32Tiles.statisticsChunks(0));
        assertEquals(1, F32Tiles.statisticsChunks(4096));
        assertEquals(2, F32Tiles.statisticsChunks(4097));
        assertEquals(8, F32Tiles.statisticsChunks(32768));
        assertEquals(16, F32Tiles.statisticsChunks(131072));
        assertEquals(16, F32Tiles.statisticsChunks(1 << 20));
    }

    @Test
    void everyBlockFitsItsLaunchBoundAndSharedMemoryOfEveryDeviceFromAmpereOn() {
        int ampereConsumerShared = 99 * 1024;  // compute capability 8.6 and 8.9: the least a block may opt into
        for (int d : TILE_DIMS) {
            assertTrue(F32Tiles.attentionSides(d) * 16 >= d / 4, "a side holds at most 64 head dims, d = " + d);
            assertTrue(F32Tiles.samplingSides(d) * 32 >= d / 4, "a sampling side holds at most 128, d = " + d);
            assertTrue(F32Tiles.attentionSharedBytes(d) <= ampereConsumerShared, "attention at d = " + d);
            for (int pass = 1; pass <= 2; pass++) {
                // __launch_bounds__(SIMT_KEY_THREADS) covers both passes
                assertTrue(F32Tiles.samplingThreads(d, pass) <= F32Tiles.KEY_THREADS, "pass " + pass + ", d = " + d);
                assertTrue(F32Tiles.samplingSharedBytes(d, pass) <= ampereConsumerShared, "pass " + pass + ", d = " + d);
            }
            assertEquals(F32Tiles.KEY_THREADS, F32Tiles.keysPerBlock(d) * F32Tiles.samplingSides(d), "d = " + d);
        }
    }
}
