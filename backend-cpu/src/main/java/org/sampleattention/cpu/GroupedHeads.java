package org.sampleattention.cpu;

/**
 * How many q-heads of a GQA group one task takes together. The heads of a group share their keys and
 * values, so a task holding several of them streams each key tile from memory once for all of them
 * instead of once per head.
 */
final class GroupedHeads {
    private GroupedHeads() {
    }

    /**
     * Tasks each thread must still have: under causal masking the longest task is up to twice the mean
     * (later query tiles see more keys), so with 16 per thread it is at most an eighth of a thread's
     * share and the longest-first schedule stays balanced. Two per thread, tried first, let sampling at
     * 32K tokens on 16 threads take 87 instead of 78 ms.
     */
    static final int TASKS_PER_THREAD = 16;

    /**
     * The largest divisor of {@code group} (q-heads per kv-head) that is at most {@code maxHeads} and
     * still leaves {@link #TASKS_PER_THREAD} tasks per thread, when each head has {@code tasksPerHead}
     * tasks of its own; 1 when none does.
     */
    static int perTask(int group, int qHeads, int tasksPerHead, int maxHeads, int threads) {
        for (int heads = Math.min(group, maxHeads); heads > 1; heads--) {
            if (group % heads == 0 && (long) qHeads / heads * tasksPerHead >= (long) TASKS_PER_THREAD * threads) {
                return heads;
            }
        }
        return 1;
    }
}
