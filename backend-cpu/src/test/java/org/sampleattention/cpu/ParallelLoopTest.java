package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelLoopTest {
    private final ForkJoinPool pool = new ForkJoinPool(3);

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    @Test
    void everyIndexRunsOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(1000);
        ParallelLoop.run(pool, 1000, runs::incrementAndGet);
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
    }

    @Test
    void theFirstFailureIsRethrownAsItWas() {
        IllegalArgumentException thrown = new IllegalArgumentException("index 7");
        var e = assertThrows(IllegalArgumentException.class, () -> ParallelLoop.run(pool, 100, i -> {
            if (i == 7) {
                throw thrown;
            }
        }));
        assertSame(thrown, e);
    }

    @Test
    void aLoopInsideALoopsBodyRunsToo() {
        AtomicIntegerArray runs = new AtomicIntegerArray(8 * 50);
        ParallelLoop.run(pool, 8, outer -> ParallelLoop.run(pool, 50, inner -> runs.incrementAndGet(outer * 50 + inner)));
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
    }

    /**
     * An interrupted call returns only once no task is running: the caller closes the output as it
     * unwinds, and the pool must not stay busy with a call that has already failed.
     */
    @Test
    void anInterruptedCallReturnsOnlyOnceNoTaskIsRunning() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger runningWhenReturned = new AtomicInteger(-1);
        AtomicReference<Throwable> got = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                ParallelLoop.run(pool, 30, i -> {
                    running.incrementAndGet();
                    started.incrementAndGet();
                    long end = System.nanoTime() + 50_000_000L; // a 50 ms task that does not look at interrupts
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    running.decrementAndGet();
                });
            } catch (RuntimeException e) {
                got.set(e);
            }
            runningWhenReturned.set(running.get());
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        while (started.get() < 3) {
            Thread.sleep(1);
        }
        caller.interrupt();
        caller.join();
        assertEquals(0, runningWhenReturned.get(), "tasks still running when the call returned");
        assertTrue(got.get() instanceof IllegalStateException && got.get().getMessage().contains("interrupted"),
                String.valueOf(got.get()));
        assertTrue(stillInterrupted.get(), "the caller's interrupt is kept");
        assertTrue(started.get() < 30, "no new task starts after the interrupt: " + started.get());
    }
}
