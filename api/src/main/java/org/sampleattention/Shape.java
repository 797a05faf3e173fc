package org.sampleattention;

import java.util.Arrays;

/** An immutable tensor shape: non-negative dimensions whose product fits in a {@code long}. */
public final class Shape {
    private final long[] dims;

    private Shape(long[] dims) {
        this.dims = dims;
    }

    public static Shape of(long... dims) {
        long[] copy = dims.clone();
        long count = 1;
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(copy) + ": dimension " + i
                        + " is negative");
            }
            try {
                count = Math.multiplyExact(count, copy[i]);
            } catch (ArithmeticException overflow) {
                throw new IllegalArgumentException("shape " + Arrays.toString(copy)
                        + ": element count overflows a 64-bit integer");
            }
        }
        return new Shape(copy);
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int axis) {
        return dims[axis];
    }

    public long[] dims() {
        return dims.clone();
    }

    public long elementCount() {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
