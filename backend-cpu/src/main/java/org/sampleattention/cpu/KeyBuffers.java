package org.sampleattention.cpu;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The float arrays of {@link KeyTiles}, kept between calls: each call packs every kv-head's keys and
 * values again, and a fresh array per head cost the allocation, the JVM's zeroing and the garbage
 * collections it drives (about 0.25 ms of a 20 ms sparse call at 4K tokens). Arrays are matched by
 * exact length, most recently returned first; at most {@code capacity} floats are kept, the least
 * recently returned dropped first. Thread-safe: concurrent calls take different arrays.
 */
final class KeyBuffers {
    private final long capacity;
    private final ArrayDeque<float[]> free = new ArrayDeque<>();
    private long kept;

    KeyBuffers(long capacity) {
        this.capacity = capacity;
    }

    /** An array of {@code length} floats, kept or new; its contents are arbitrary finite values. */
    synchronized float[] take(int length) {
        for (Iterator<float[]> it = free.iterator(); it.hasNext(); ) {
            float[] a = it.next();
            if (a.length == length) {
                it.remove();
                kept -= length;
                return a;
            }
        }
        return new float[length];
    }

    /** Drops every kept array (the engine is closing); later arrays are kept again. */
    synchronized void clear() {
        free.clear();
        kept = 0;
    }

    /** Keeps {@code a} for a later {@link #take}; the caller no longer uses it. */
    synchronized void give(float[] a) {
        if (a.length > capacity) {
            return;
        }
        while (kept + a.length > capacity) {
            kept -= free.removeLast().length;
        }
        free.addFirst(a);
        kept += a.length;
    }
}
