package org.sampleattention;

import java.util.Objects;

/**
 * The three inputs of one attention call: q {@code [Hq, Nq, d]}, k and v {@code [Hkv, Nk, d]}, one
 * dtype, {@code Hq % Hkv == 0} (grouped-query attention: q-head h reads kv-head {@code h / (Hq/Hkv)}),
 * {@code 1 <= Nq <= Nk}. Queries are the last Nq of the Nk positions: row i sits at absolute position
 * {@code Nk - Nq + i}, which is what causal masking compares against.
 */
public record AttentionInput(AttentionTensor q, AttentionTensor k, AttentionTensor v) {

    public AttentionInput {
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(k, "k");
        Objects.requireNonNull(v, "v");
        requireRank3("q", q);
        requireRank3("k", k);
        requireRank3("v", v);
        if (!k.shape().equals(v.shape())) {
            throw new IllegalArgumentException("k " + k.shape() + " and v " + v.shape()
                    + " must have the same shape [Hkv, Nk, d]");
        }
        if (q.dtype() != k.dtype() || q.dtype() != v.dtype()) {
            throw new IllegalArgumentException("q, k and v must share one dtype, got " + q.dtype() + ", "
                    + k.dtype() + ", " + v.dtype());
        }
        long hq = q.shape().dim(0), nq = q.shape().dim(1), d = q.shape().dim(2);
        long hkv = k.shape().dim(0), nk = k.shape().dim(1);
        if (d != k.shape().dim(2)) {
            throw new IllegalArgumentException("head dim of q (" + d + ") differs from k and v (" + k.shape().dim(2) + ")");
        }
        if (d < 1) {
            throw new IllegalArgumentException("head dim must be at least 1, got " + d);
        }
        if (hq < 1 || hkv < 1) {
            throw new IllegalArgumentException("q heads (" + hq + ") and kv heads (" + hkv + ") must be at least 1");
        }
        if (hq % hkv != 0) {
            throw new IllegalArgumentException("q heads (" + hq + ") must be a multiple of kv heads (" + hkv
                    + ") for grouped-query attention");
        }
        if (nq < 1 || nk < 1) {
            throw new IllegalArgumentException("empty sequence: Nq = " + nq + ", Nk = " + nk + " (both must be >= 1)");
        }
        if (nq > nk) {
            throw new IllegalArgumentException("Nq (" + nq + ") must not exceed Nk (" + nk
                    + "): queries are the last Nq of the Nk positions");
        }
        if (nk > Integer.MAX_VALUE || d > Integer.MAX_VALUE || hq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sizes must fit in an int: Nk = " + nk + ", d = " + d + ", Hq = " + hq);
        }
    }

    private static void requireRank3(String name, AttentionTensor t) {
        if (t.shape().rank() != 3) {
            throw new IllegalArgumentException(name + " must have rank 3 [heads, tokens, headDim], got shape " + t.shape());
        }
    }

    public DType dtype() {
        return q.dtype();
    }

    public int qHeads() {
        return (int) q.shape().dim(0);
    }

    public int kvHeads() {
        return (int) k.shape().dim(0);
    }

    /** q-heads per kv-head. */
    public int groupSize() {
        return qHeads() / kvHeads();
    }

    public int kvHeadOf(int qHead) {
        return qHead / groupSize();
    }

    public int queryLength() {
        return (int) q.shape().dim(1);
    }

    public int keyLength() {
        return (int) k.shape().dim(1);
    }

    public int headDim() {
        return (int) q.shape().dim(2);
    }

    /** Absolute position of query row i. */
    public int positionOf(int row) {
        return keyLength() - queryLength() + row;
    }
}
