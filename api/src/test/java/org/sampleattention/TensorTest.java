package org.sampleattention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class TensorTest {

    @ParameterizedTest
    @EnumSource(DType.class)
    void valuesRoundTripThroughFloatArraysRoundedToTheDtype(DType dtype) {
        float[] values = new float[2 * 3 * 5];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 100;
        }
        try (Tensor t = Tensor.of(dtype, values, 2, 3, 5)) {
            assertEquals(Shape.of(2, 3, 5), t.shape());
            assertEquals(values.length * (long) dtype.byteSize(), t.byteSize());
            float[] back = t.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                assertEquals(HalfFloats.roundTo(dtype, values[i]), back[i], 0f, "element " + i);
            }
            assertEquals(back[(1 * 3 + 2) * 5 + 4], t.get(1, 2, 4));
        }
    }

    @Test
    void convertToChangesDtypeAndKeepsValues() {
        try (Tensor f32 = Tensor.of(DType.F32, new float[] {1.5f, -2.25f, 1e-3f}, 3);
             Tensor bf16 = f32.convertTo(DType.BF16)) {
            assertEquals(DType.BF16, bf16.dtype());
            assertEquals(HalfFloats.roundTo(DType.BF16, 1e-3f), bf16.get(2));
            assertEquals(-2.25f, bf16.get(1));
        }
    }

    @Test
    void firstNonFiniteFindsNanAndInfinity() {
        try (Tensor t = Tensor.of(DType.F16, new float[] {1, 2, 3, 4}, 4)) {
            assertEquals(-1, t.firstNonFinite());
            t.set(2, Float.POSITIVE_INFINITY);
            assertEquals(2, t.firstNonFinite());
            t.set(1, Float.NaN);
            assertEquals(1, t.firstNonFinite());
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void firstNonFiniteScansTheGivenRangeInEveryDtype(DType dtype) {
        try (Tensor t = Tensor.of(dtype, new float[] {1, -2, 65504, 0, Float.MIN_VALUE, 3, 4, 5}, 8)) {
            assertEquals(-1, t.firstNonFinite());
            t.set(6, Float.NEGATIVE_INFINITY);
            t.set(2, Float.NaN);
            assertEquals(2, t.firstNonFinite());
            assertEquals(6, t.firstNonFinite(3, 8));
            assertEquals(-1, t.firstNonFinite(3, 6));
            assertThrows(IndexOutOfBoundsException.class, () -> t.firstNonFinite(4, 9));
        }
    }

    @Test
    void closeFreesOwnedMemoryOnceAndLeavesWrappedMemoryAlone() {
        Tensor owned = Tensor.allocate(DType.F32, 4);
        owned.close();
        owned.close(); // idempotent
        assertFalse(owned.segment().scope().isAlive());
        try (Arena arena = Arena.ofConfined()) {
            var segment = arena.allocate(16);
            Tensor view = Tensor.wrap(segment, DType.F32, 4);
            view.set(3, 7f);
            view.close();
            assertTrue(segment.scope().isAlive());
            assertEquals(7f, Tensor.wrap(segment, DType.F32, 4).get(3));
        }
    }

    /**
     * Memory for overwriting: taken from malloc in this JVM (the tests run with native access), aligned
     * like allocate's, holding what is written, freed on close; shapes checked as allocate checks them.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void tensorsForOverwriteHoldWhatIsWrittenAndAreFreedOnClose(DType dtype) {
        assertTrue(NativeMemory.AVAILABLE, "the tests run with --enable-native-access");
        float[] values = new float[3 * 1001];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        Tensor t = Tensor.allocateForOverwrite(dtype, 3, 1001);
        try (Tensor expected = Tensor.of(dtype, values, 3, 1001)) {
            assertEquals(0, t.segment().address() % 64, "aligned to 64 bytes");
            assertEquals(values.length * (long) dtype.byteSize(), t.segment().byteSize());
            t.write(0, values, 0, values.length);
            assertArrayEquals(expected.toFloatArray(), t.toFloatArray());
        }
        t.close();
        t.close();
        assertFalse(t.segment().scope().isAlive());
        var overflow = assertThrows(IllegalArgumentException.class,
                () -> Tensor.allocateForOverwrite(DType.F32, Long.MAX_VALUE / 2, 4));
        assertTrue(overflow.getMessage().contains("overflow"), overflow.getMessage());
    }

    @Test
    void badShapesAndSizesAreRejectedWithTheReason() {
        var negative = assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(DType.F32, 2, -1));
        assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
        var overflow = assertThrows(IllegalArgumentException.class,
                () -> Tensor.allocate(DType.F32, Long.MAX_VALUE / 2, 4));
        assertTrue(overflow.getMessage().contains("overflow"), overflow.getMessage());
        var mismatch = assertThrows(IllegalArgumentException.class, () -> Tensor.of(DType.F32, new float[5], 2, 3));
        assertTrue(mismatch.getMessage().contains("6 elements"), mismatch.getMessage());
        try (Tensor t = Tensor.allocate(DType.F32, 3)) {
            assertThrows(IndexOutOfBoundsException.class, () -> t.read(2, new float[2], 0, 2));
        }
        var small = assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(Arena.global().allocate(8), DType.F32, 4));
        assertTrue(small.getMessage().contains("smaller"), small.getMessage());
    }

    @Test
    void tensorsBeyondTwoGigaElementsAreAddressable() {
        // 2^31 + 16 bf16 elements: 4 GiB of address space, touched only at the ends
        long n = (1L << 31) + 16;
        try (Tensor t = Tensor.allocate(DType.BF16, n)) {
            t.set(n - 1, 3f);
            assertEquals(3f, t.get(n - 1));
            float[] tail = new float[16];
            t.read(n - 16, tail, 0, 16);
            assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3}, tail);
            assertThrows(IllegalStateException.class, t::toFloatArray);
        }
    }
}
