package org.sampleattention;

/**
 * Conversions between f32 and the two 16-bit storage formats, both rounding to nearest, ties to even.
 *
 * <p>f16 uses the JDK's {@link Float#floatToFloat16} (IEEE 754 binary16, intrinsified on x86). bf16 is
 * the upper half of an f32, so rounding is integer arithmetic on the bit pattern; NaN payloads are
 * kept quiet so that a NaN never rounds into an infinity.
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    public static short toF16(float value) {
        return Float.floatToFloat16(value);
    }

    public static float fromF16(short bits) {
        return Float.float16ToFloat(bits);
    }

    public static short toBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7fff_ffff) > 0x7f80_0000) {
            return (short) ((bits >>> 16) | 0x0040); // NaN: keep sign and payload top, force quiet bit
        }
        int lsb = (bits >>> 16) & 1;
        int rounded = bits + 0x7fff + lsb; // round half to even on the 16 bits that are dropped
        return (short) (rounded >>> 16);
    }

    public static float fromBf16(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** Rounds {@code value} to the nearest value representable in {@code type}, as storage would. */
    public static float roundTo(DType type, float value) {
        return switch (type) {
            case F32 -> value;
            case F16 -> fromF16(toF16(value));
            case BF16 -> fromBf16(toBf16(value));
        };
    }
}
