package org.sampleattention.conformance;

import java.util.Objects;
import org.sampleattention.DType;

/**
 * Everything that determines a generated workload: equal specs generate bit-identical inputs.
 * Shapes follow {@link org.sampleattention.AttentionInput}: q {@code [qHeads, queryLength, headDim]},
 * k and v {@code [kvHeads, keyLength, headDim]}, queries at the last positions.
 */
public record WorkloadSpec(WorkloadKind kind, int keyLength, int queryLength, int qHeads, int kvHeads,
                           int headDim, DType dtype, long seed) {

    public WorkloadSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dtype, "dtype");
        if (queryLength < 1 || keyLength < queryLength) {
            throw new IllegalArgumentException("need 1 <= queryLength <= keyLength, got queryLength = "
                    + queryLength + ", keyLength = " + keyLength);
        }
        if (qHeads < 1 || kvHeads < 1 || qHeads % kvHeads != 0) {
            throw new IllegalArgumentException("qHeads (" + qHeads + ") must be a positive multiple of kvHeads ("
                    + kvHeads + ")");
        }
        if (headDim < 1) {
            throw new IllegalArgumentException("headDim must be >= 1, got " + headDim);
        }
    }

    /** A whole-prefill workload: {@code queryLength == keyLength == seqLen}. */
    public static WorkloadSpec of(WorkloadKind kind, int seqLen, int qHeads, int kvHeads, int headDim,
                                  DType dtype, long seed) {
        return new WorkloadSpec(kind, seqLen, seqLen, qHeads, kvHeads, headDim, dtype, seed);
    }

    public WorkloadSpec withDtype(DType other) {
        return new WorkloadSpec(kind, keyLength, queryLength, qHeads, kvHeads, headDim, other, seed);
    }

    public WorkloadSpec withQueryLength(int rows) {
        return new WorkloadSpec(kind, keyLength, rows, qHeads, kvHeads, headDim, dtype, seed);
    }

    /** A compact label such as {@code llm-4096x4096-h8/2-d64-f32-s1}. */
    public String label() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + queryLength + "x" + keyLength + "-h"
                + qHeads + "/" + kvHeads + "-d" + headDim + "-" + dtype.name().toLowerCase(java.util.Locale.ROOT)
                + "-s" + seed;
    }
}
