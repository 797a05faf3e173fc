package org.sampleattention.cli.tensorfile;

import java.util.Arrays;
import org.sampleattention.DType;

/**
 * What a file's header says about one tensor: element type, dimensions as stored, and where its
 * little-endian, row-major bytes start in the file.
 *
 * @param byteSize bytes of data, already checked to be the element count times the element size
 *                 without overflow
 */
public record TensorHeader(DType dtype, long[] dims, long dataOffset, long byteSize) {

    public TensorHeader {
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorHeader h && dtype == h.dtype && Arrays.equals(dims, h.dims)
                && dataOffset == h.dataOffset && byteSize == h.byteSize;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + Long.hashCode(dataOffset);
    }

    @Override
    public String toString() {
        return dtype + " " + Arrays.toString(dims) + " at byte " + dataOffset;
    }

    /**
     * The data size of {@code dims} elements of {@code dtype}, or a {@link TensorFileException} if a
     * dimension is negative or the size overflows a {@code long}.
     */
    static long checkedByteSize(java.nio.file.Path file, DType dtype, long[] dims) throws TensorFileException {
        long size = dtype.byteSize();
        for (long d : dims) {
            if (d < 0) {
                throw new TensorFileException(file, "negative dimension in shape " + Arrays.toString(dims));
            }
            try {
                size = Math.multiplyExact(size, d);
            } catch (ArithmeticException overflow) {
                throw new TensorFileException(file, "shape " + Arrays.toString(dims) + " is too large: its size "
                        + "overflows a 64-bit byte count");
            }
        }
        return size;
    }
}
