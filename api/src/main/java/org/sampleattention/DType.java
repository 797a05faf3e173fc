package org.sampleattention;

/** Element types of attention tensors. Arithmetic is always f32 or wider; f16 and bf16 are storage. */
public enum DType {
    F32(4),
    F16(2),
    BF16(2);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes one element takes in memory. */
    public int byteSize() {
        return byteSize;
    }

    /** Parses {@code f32}, {@code f16} or {@code bf16} (case-insensitive). */
    public static DType parse(String name) {
        for (DType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "': expected one of f32, f16, bf16");
    }
}
