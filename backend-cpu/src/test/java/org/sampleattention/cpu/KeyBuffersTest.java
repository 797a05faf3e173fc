package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class KeyBuffersTest {

    @Test
    void anArrayIsTakenAgainOnlyAtItsExactLength() {
        KeyBuffers buffers = new KeyBuffers(100);
        float[] a = new float[10];
        buffers.give(a);
        float[] other = buffers.take(11);
        assertEquals(11, other.length);
        assertNotSame(a, other);
        assertSame(a, buffers.take(10));
        assertNotSame(a, buffers.take(10)); // taken once: a new one now
    }

    @Test
    void beyondTheCapacityTheLeastRecentlyReturnedArraysAreDropped() {
        KeyBuffers buffers = new KeyBuffers(25);
        float[] first = new float[10], second = new float[10], third = new float[10];
        buffers.give(first);
        buffers.give(second);
        buffers.give(third); // 30 > 25: first goes
        buffers.give(new float[26]); // larger than the capacity: never kept
        assertSame(third, buffers.take(10));
        assertSame(second, buffers.take(10));
        assertNotSame(first, buffers.take(10));
    }

    @Test
    void clearDropsEveryKeptArray() {
        KeyBuffers buffers = new KeyBuffers(100);
        float[] a = new float[10];
        buffers.give(a);
        buffers.clear();
        assertNotSame(a, buffers.take(10));
        buffers.give(a); // kept again after a clear, within the whole capacity
        buffers.give(new float[90]);
        assertSame(a, buffers.take(10));
    }
}
