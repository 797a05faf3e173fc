package org.sampleattention.cpu;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs {@code body(0 .. count-1)} on a pool: one worker per thread pulls indices in order from a
 * shared counter, so callers that list the costliest tasks first get longest-first scheduling, and
 * the first failure stops the others and is rethrown as it was.
 *
 * <p>It returns only when no worker is running, also when the caller is interrupted: callers close
 * what the workers write (an output tensor) as they unwind, and the pool should be free for the next
 * call, not busy finishing one that has already failed. An interrupt stops the workers from starting
 * new indices; the call then waits for the ones in progress (at most one task each), keeps the
 * caller's interrupt status, and throws.
 */
final class ParallelLoop {
    private ParallelLoop() {
    }

    static void run(ForkJoinPool pool, int count, IntConsumer body) {
        if (count == 0) {
            return;
        }
        if (Thread.currentThread() instanceof ForkJoinWorkerThread self && self.getPool() == pool) {
            // a loop inside a loop's body runs inline: a worker waiting for its own pool's workers
            // could wait for ever once every worker waits
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int workers = Math.min(count, pool.getParallelism());
        CountDownLatch finished = new CountDownLatch(workers);
        Runnable worker = () -> {
            try {
                for (int i; failure.get() == null && (i = next.getAndIncrement()) < count; ) {
                    try {
                        body.accept(i);
                    } catch (RuntimeException | Error e) {
                        failure.compareAndSet(null, e);
                    }
                }
            } finally {
                finished.countDown();
            }
        };
        for (int w = 0; w < workers; w++) {
            try {
                pool.execute(worker);
            } catch (RejectedExecutionException e) { // the engine was closed meanwhile
                failure.compareAndSet(null, new IllegalStateException("this cpu engine is closed", e));
                finished.countDown();
            }
        }
        boolean interrupted = awaitUninterruptibly(finished, failure);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof InterruptedException e) {
            throw new IllegalStateException("interrupted while computing attention", e);
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** Waits for every worker; an interrupt becomes the loop's failure (if it has none), so none starts another index. */
    private static boolean awaitUninterruptibly(CountDownLatch finished, AtomicReference<Throwable> failure) {
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
                failure.compareAndSet(null, e);
            }
        }
    }
}
