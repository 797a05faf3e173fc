package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkerScratchTest {
    private static final long GIB = 1L << 30;

    @Test
    void aLargeHeapGivesEveryThreadTheFullBound() {
        assertEquals(WorkerScratch.SAVED_SCORES, WorkerScratch.savedScoresPerThread(16, 32 * GIB));
    }

    @Test
    void manyThreadsOnASmallHeapShareAQuarterOfIt() {
        long perThread = WorkerScratch.savedScoresPerThread(64, GIB);
        assertEquals(GIB / 4 / Float.BYTES / 64, perThread);
        assertTrue(perThread * Float.BYTES * 64 <= GIB / 4);
    }

    @Test
    void anEngineBoundsEachOfItsThreadsByItsShareOfTheHeap() {
        try (CpuEngine engine = new CpuEngine(TileKernelsProvider.scalar(), 3)) {
            assertEquals(WorkerScratch.savedScoresPerThread(3, Runtime.getRuntime().maxMemory()),
                    engine.scratch().maxSavedScores());
        }
    }

    @Test
    void aThreadsArrayGrowsToTheLargestRequestAndIsReused() {
        WorkerScratch scratch = new WorkerScratch(TileKernelsProvider.scalar(), 1000);
        float[] first = scratch.savedScores(600);
        assertEquals(600, first.length);
        assertSame(first, scratch.savedScores(100));
        assertEquals(1000, scratch.savedScores(1000).length);
    }

    @Test
    void aRequestBeyondTheBoundIsRefused() {
        WorkerScratch scratch = new WorkerScratch(TileKernelsProvider.scalar(), 1000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scratch.savedScores(1001));
        assertTrue(e.getMessage().contains("1001"), e.getMessage());
    }
}
