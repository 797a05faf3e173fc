package org.sampleattention.reference;

import org.sampleattention.plan.MaskGeometry;

/** The keys one query row attends to, written ascending into a caller's array; returns the count. */
final class KeyLists {
    private KeyLists() {
    }

    /** Every key the row may see: {@code j <= p} when causal, all keys otherwise. */
    static int visible(MaskGeometry g, int row, int[] out) {
        int end = g.visibleEnd(row);
        for (int j = 0; j < end; j++) {
            out[j] = j;
        }
        return end;
    }

    /** {@code K(i)}: the window, plus the selected columns outside it that the row may see. */
    static int sparse(MaskGeometry g, int row, int[] columns, int[] out) {
        int start = g.windowStart(row), end = g.windowEnd(row), visibleEnd = g.visibleEnd(row);
        int n = 0;
        for (int j : columns) {
            if (j < start) {
                out[n++] = j;
            }
        }
        for (int j = start; j < end; j++) {
            out[n++] = j;
        }
        for (int j : columns) {
            if (j >= end && j < visibleEnd) {
                out[n++] = j;
            }
        }
        return n;
    }
}
