package org.sampleattention.reference;

/**
 * Column indices by descending score, ties by lower index first, produced one at a time from a binary
 * heap: the filter stops after the columns it keeps, usually a few hundred of tens of thousands, so
 * taking k of n columns costs O(n + k log n) instead of a full sort (a merge sort of every column
 * was nine tenths of filtering at 32K tokens). The order is total (indices are unique), so the heap
 * yields exactly the order a stable sort would.
 */
public final class DescendingOrder {
    private final double[] score;
    private final int[] heap;
    private int size;

    public DescendingOrder(double[] score) {
        this.score = score;
        this.size = score.length;
        this.heap = new int[size];
        for (int j = 0; j < size; j++) {
            heap[j] = j;
        }
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** Every index in order. */
    public static int[] of(double[] score) {
        DescendingOrder order = new DescendingOrder(score);
        int[] all = new int[score.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = order.next();
        }
        return all;
    }

    public boolean hasNext() {
        return size > 0;
    }

    /** The next index in order; only while {@link #hasNext}. */
    public int next() {
        if (size == 0) {
            throw new IllegalStateException("every index has been taken");
        }
        int top = heap[0];
        heap[0] = heap[--size];
        siftDown(0);
        return top;
    }

    private void siftDown(int i) {
        int moving = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], moving)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = moving;
    }

    /** Whether column a comes before column b: a higher score, or the same score and a lower index. */
    private boolean before(int a, int b) {
        return score[a] > score[b] || (score[a] == score[b] && a < b);
    }
}
