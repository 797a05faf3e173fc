package org.sampleattention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HalfFloatsTest {

    /** Subnormals, infinities, NaNs, ties in both formats, overflow and underflow boundaries. */
    static Stream<Float> edgeValues() {
        return Stream.of(0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
                -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
                Float.intBitsToFloat(0x7fc0_0001), Float.intBitsToFloat(0xff80_0001),
                // f16: max 65504, overflow midpoint 65520, smallest subnormal 2^-24, half of it (tie to 0)
                65504f, 65519.99f, 65520f, 65536f, 0x1p-24f, 0x1p-25f, 0x1.8p-25f, 0x1p-14f, 0x1.ff8p-15f,
                // f16 ties: 1 + 2^-11 lies halfway between 1 and 1 + 2^-10 (rounds to even: 1)
                1 + 0x1p-11f, 1 + 3 * 0x1p-11f,
                // bf16 ties: 1 + 2^-8 is halfway between 1 and 1 + 2^-7
                1 + 0x1p-8f, 1 + 3 * 0x1p-8f, -(1 + 0x1p-8f),
                // bf16 rounding up into infinity, and largest finite
                Float.intBitsToFloat(0x7f7f_8000), Float.intBitsToFloat(0x7f7f_7fff),
                // f32 subnormals in bf16
                Float.intBitsToFloat(0x0000_8000), Float.intBitsToFloat(0x0001_8000), Float.intBitsToFloat(0x0000_7fff));
    }

    @ParameterizedTest
    @MethodSource("edgeValues")
    void f16StorageIsBitExactWithTheJdk(float value) {
        try (Tensor t = Tensor.allocate(DType.F16, 1)) {
            t.set(0, value);
            short stored = t.segment().get(Tensor.F16, 0);
            assertEquals(Float.floatToFloat16(value), stored, () -> "f16 bits of " + value);
        }
    }

    @ParameterizedTest
    @MethodSource("edgeValues")
    void bf16RoundsToNearestEven(float value) {
        short actual = HalfFloats.toBf16(value);
        if (Float.isNaN(value)) {
            assertTrue(Float.isNaN(HalfFloats.fromBf16(actual)), "NaN stays NaN");
            assertEquals(Float.floatToRawIntBits(value) >>> 31, (actual & 0xffff) >>> 15, "NaN sign kept");
        } else {
            assertEquals(referenceBf16(value), actual, () -> "bf16 bits of " + value + " (" + Integer.toHexString(
                    Float.floatToRawIntBits(value)) + ")");
        }
    }

    @Test
    void bf16MatchesReferenceRoundingOnRandomBitPatterns() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 200_000; n++) {
            float value = Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(value)) {
                assertEquals(referenceBf16(value), HalfFloats.toBf16(value), "bf16 of " + value);
            }
        }
    }

    @Test
    void everyBf16ValueRoundTripsExactly() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float v = HalfFloats.fromBf16((short) bits);
            if (!Float.isNaN(v)) {
                assertEquals((short) bits, HalfFloats.toBf16(v));
            }
        }
    }

    /**
     * bf16 rounding from the definition: among the two bf16 neighbours of the exact value, the
     * nearer, ties to the one with an even last bit; beyond the largest finite bf16 by half an ulp,
     * infinity. Computed in exact decimal arithmetic, independent of the bit trick under test.
     */
    private static short referenceBf16(float value) {
        if (Float.isInfinite(value) || value == 0) {
            return (short) (Float.floatToRawIntBits(value) >>> 16);
        }
        int bits = Float.floatToRawIntBits(value);
        int sign = bits & 0x8000_0000;
        int lowerBits = (bits & 0x7fff_0000); // truncation toward zero
        int upperBits = lowerBits + 0x1_0000;
        BigDecimal exact = new BigDecimal(Math.abs(value));
        BigDecimal lower = new BigDecimal(Float.intBitsToFloat(lowerBits));
        BigDecimal upper = upperBits >= 0x7f80_0000
                ? new BigDecimal(Float.MAX_VALUE).add(new BigDecimal(Math.ulp(Float.MAX_VALUE)))
                : new BigDecimal(Float.intBitsToFloat(upperBits));
        int cmp = exact.subtract(lower).compareTo(upper.subtract(exact));
        boolean up = cmp > 0 || (cmp == 0 && ((lowerBits >>> 16) & 1) == 1);
        int chosen = up ? Math.min(upperBits, 0x7f80_0000) : lowerBits;
        return (short) ((sign | chosen) >>> 16);
    }
}
