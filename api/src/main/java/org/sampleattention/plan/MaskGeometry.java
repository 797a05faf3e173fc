package org.sampleattention.plan;

/**
 * Which keys a query row may and does attend to, and how many query-key pairs a head computes.
 *
 * <p>Row i sits at absolute position {@code p = nk - nq + i}. Causal rows see keys {@code j <= p},
 * non-causal rows see all keys. The local window is {@code W(i) = {j : p - w < j <= p}}; a sparse row
 * attends to its window plus the selected columns outside it, each key once.
 */
public record MaskGeometry(int queryLength, int keyLength, int window, boolean causal) {

    public MaskGeometry {
        if (queryLength < 1 || keyLength < queryLength) {
            throw new IllegalArgumentException("need 1 <= Nq <= Nk, got Nq = " + queryLength + ", Nk = " + keyLength);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1 key, got " + window);
        }
    }

    public int positionOf(int row) {
        return keyLength - queryLength + row;
    }

    /** One past the last key row i may see. */
    public int visibleEnd(int row) {
        return causal ? positionOf(row) + 1 : keyLength;
    }

    /** First key of row i's window. */
    public int windowStart(int row) {
        return Math.max(0, positionOf(row) - window + 1);
    }

    /** One past the last key of row i's window (the window never extends past the row's position). */
    public int windowEnd(int row) {
        return positionOf(row) + 1;
    }

    public boolean inWindow(int row, int key) {
        return key >= windowStart(row) && key < windowEnd(row);
    }

    /** Query-key pairs of dense (causal or full) attention. */
    public long densePairs() {
        if (!causal) {
            return (long) queryLength * keyLength;
        }
        long first = keyLength - queryLength + 1; // keys seen by row 0
        long last = keyLength;
        return (first + last) * queryLength / 2;
    }

    /**
     * Query-key pairs inside the rows' windows, in closed form: row i's window holds min(p + 1, w) keys,
     * so the rows whose position is below w form a ramp and the rest hold w each. (A loop over the rows
     * cost milliseconds at 128K, paid for every head's density.)
     */
    public long windowPairs() {
        long first = keyLength - queryLength + 1L; // p + 1 of row 0
        long last = keyLength;
        long rampEnd = Math.min(last, window);
        long pairs = 0;
        if (rampEnd >= first) {
            pairs += (first + rampEnd) * (rampEnd - first + 1) / 2;
            first = rampEnd + 1;
        }
        return pairs + (last - first + 1) * window;
    }

    /** Query-key pairs a sparse head with these ascending, distinct columns computes. */
    public long sparsePairs(int[] columns) {
        long pairs = windowPairs();
        int p0 = keyLength - queryLength;
        for (int j : columns) {
            if (causal) {
                // rows with p >= j + w see column j outside their window
                long firstRowPos = Math.max(p0, (long) j + window);
                pairs += Math.max(0, keyLength - firstRowPos);
            } else {
                // rows whose window (p - w, p] does not contain j: all but p in [j, j + w)
                long lo = Math.max(p0, j), hi = Math.min(keyLength - 1L, (long) j + window - 1);
                pairs += queryLength - Math.max(0, hi - lo + 1);
            }
        }
        return pairs;
    }
}
