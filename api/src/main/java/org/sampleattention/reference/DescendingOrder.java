package org.sampleattention.reference;

/**
 * Column indices ordered by descending score, ties by lower index first: a stable merge sort of
 * primitive indices (boxing every index to sort with a comparator dominated filtering at long lengths).
 */
public final class DescendingOrder {
    private DescendingOrder() {
    }

    public static int[] of(double[] score) {
        int n = score.length;
        int[] order = new int[n], buffer = new int[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        // bottom-up: runs of width 1, 2, 4, ... merged stably (left run wins ties, and left holds lower indices)
        int[] src = order, dst = buffer;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) {
                    dst[k++] = score[src[j]] > score[src[i]] ? src[j++] : src[i++];
                }
                while (i < mid) {
                    dst[k++] = src[i++];
                }
                while (j < hi) {
                    dst[k++] = src[j++];
                }
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        return src;
    }
}
