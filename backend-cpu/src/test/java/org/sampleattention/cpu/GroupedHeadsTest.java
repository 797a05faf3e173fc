package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GroupedHeadsTest {
    @Test
    void theWholeGroupWhenTasksAndTheCapAllow() {
        // 8 q-heads in groups of 4, 26 sampled blocks on 2 threads: 2 x 26 tasks, at least 32 needed
        assertEquals(4, GroupedHeads.perTask(4, 8, 26, 4, 2));
    }

    @Test
    void theLargestDivisorUnderTheCap() {
        assertEquals(2, GroupedHeads.perTask(4, 8, 26, 3, 2));
        assertEquals(1, GroupedHeads.perTask(4, 8, 26, 1, 2));
        assertEquals(1, GroupedHeads.perTask(4, 8, 26, 0, 2));
        assertEquals(3, GroupedHeads.perTask(3, 6, 100, 3, 2));
        assertEquals(1, GroupedHeads.perTask(3, 6, 100, 2, 2));
    }

    @Test
    void fewerHeadsWhenTooFewTasksWouldBeLeftToBalance() {
        int perThread = GroupedHeads.TASKS_PER_THREAD;
        // 16 threads: 2 x 26 or 4 x 26 tasks are too few, 8 x 26 (one head each) is what there is
        assertEquals(1, GroupedHeads.perTask(4, 8, 26, 4, 16));
        // exactly enough tasks for pairs of heads, not for groups of four
        assertEquals(2, GroupedHeads.perTask(4, 8, perThread * 4 / 4, 4, 4));
        assertEquals(4, GroupedHeads.perTask(4, 8, perThread * 4 / 2, 4, 4));
    }

    @Test
    void oneHeadWithoutGqa() {
        assertEquals(1, GroupedHeads.perTask(1, 8, 1000, 8, 2));
    }
}
