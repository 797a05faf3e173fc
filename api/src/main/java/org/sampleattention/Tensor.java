package org.sampleattention;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A host tensor in off-heap memory: row-major, little-endian, of one {@link DType}. Off-heap so that
 * long contexts fit (no 2^31-element limit) and GPU copies need no staging.
 *
 * <p>A tensor made by {@link #allocate} or {@link #of} owns its memory and frees it on {@link #close};
 * one made by {@link #wrap} borrows a segment whose owner frees it. Element access converts to and
 * from f32 (f16 and bf16 round to nearest even).
 */
public final class Tensor implements AttentionTensor {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort F16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt F32_BITS = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long ALIGNMENT = 64;

    private final DType dtype;
    private final Shape shape;
    private final MemorySegment segment;
    private final Arena arena;

    private Tensor(DType dtype, Shape shape, MemorySegment segment, Arena arena) {
        this.dtype = dtype;
        this.shape = shape;
        this.segment = segment;
        this.arena = arena;
    }

    /** A zero-filled tensor that owns its memory. */
    public static Tensor allocate(DType dtype, long... dims) {
        return owned(dtype, dims, (bytes, arena) -> arena.allocate(bytes, ALIGNMENT));
    }

    /**
     * A tensor that owns memory whose contents are undefined until written, for a producer that
     * overwrites every element (an attention output): the memory is not zero-filled, so its pages are
     * first touched by the producer's own threads, in parallel, instead of here on one. Where this
     * module lacks native access ({@code --enable-native-access}) it is {@link #allocate}, zero-filled.
     */
    public static Tensor allocateForOverwrite(DType dtype, long... dims) {
        return NativeMemory.AVAILABLE ? owned(dtype, dims, NativeMemory::allocate) : allocate(dtype, dims);
    }

    /** Where an owned tensor's memory comes from: {@code bytes}, freed when {@code arena} closes. */
    private interface Allocator {
        MemorySegment allocate(long bytes, Arena arena);
    }

    private static Tensor owned(DType dtype, long[] dims, Allocator allocator) {
        Objects.requireNonNull(dtype, "dtype");
        Shape shape = Shape.of(dims);
        long bytes;
        try {
            bytes = Math.multiplyExact(shape.elementCount(), dtype.byteSize());
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("tensor " + shape + " of " + dtype + " is too large to address");
        }
        Arena arena = Arena.ofShared();
        try {
            return new Tensor(dtype, shape, allocator.allocate(bytes, arena), arena);
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            arena.close();
            throw new IllegalArgumentException("cannot allocate tensor " + shape + " of " + dtype + " ("
                    + bytes + " bytes): " + e.getMessage(), e);
        }
    }

    /** A tensor holding {@code values} (rounded to {@code dtype}), which must match the shape. */
    public static Tensor of(DType dtype, float[] values, long... dims) {
        Tensor t = allocate(dtype, dims);
        if (t.shape.elementCount() != values.length) {
            t.close();
            throw new IllegalArgumentException("shape " + t.shape + " holds " + t.shape.elementCount()
                    + " elements but " + values.length + " values were given");
        }
        t.write(0, values, 0, values.length);
        return t;
    }

    /** A view of memory owned elsewhere; closing the view does not free it. */
    public static Tensor wrap(MemorySegment segment, DType dtype, long... dims) {
        Shape shape = Shape.of(dims);
        long bytes = shape.elementCount() * dtype.byteSize();
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is smaller than "
                    + shape + " of " + dtype + " (" + bytes + " bytes)");
        }
        return new Tensor(dtype, shape, segment.asSlice(0, bytes), null);
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public String location() {
        return "host";
    }

    public long elementCount() {
        return shape.elementCount();
    }

    public long byteSize() {
        return segment.byteSize();
    }

    /** The raw little-endian bytes, for backends that copy them to a device. */
    public MemorySegment segment() {
        return segment;
    }

    public float get(long index) {
        long offset = index * dtype.byteSize();
        return switch (dtype) {
            case F32 -> segment.get(F32, offset);
            case F16 -> HalfFloats.fromF16(segment.get(F16, offset));
            case BF16 -> HalfFloats.fromBf16(segment.get(F16, offset));
        };
    }

    public void set(long index, float value) {
        long offset = index * dtype.byteSize();
        switch (dtype) {
            case F32 -> segment.set(F32, offset, value);
            case F16 -> segment.set(F16, offset, HalfFloats.toF16(value));
            case BF16 -> segment.set(F16, offset, HalfFloats.toBf16(value));
        }
    }

    /** Element {@code [i, j, k]} of a rank-3 tensor. */
    public float get(long i, long j, long k) {
        return get((i * shape.dim(1) + j) * shape.dim(2) + k);
    }

    /** Reads {@code length} elements starting at flat index {@code from}, widened to f32. */
    public void read(long from, float[] dst, int dstOffset, int length) {
        checkRange(from, length);
        if (dtype == DType.F32) {
            MemorySegment.copy(segment, F32, from * 4, dst, dstOffset, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = get(from + i);
        }
    }

    /** Writes {@code length} values starting at flat index {@code to}, rounded to this tensor's dtype. */
    public void write(long to, float[] src, int srcOffset, int length) {
        checkRange(to, length);
        if (dtype == DType.F32) {
            MemorySegment.copy(src, srcOffset, segment, F32, to * 4, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            set(to + i, src[srcOffset + i]);
        }
    }

    /** All elements as f32; only for tensors of fewer than 2^31 elements. */
    public float[] toFloatArray() {
        long n = elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor " + shape + " has " + n + " elements, too many for a float[]");
        }
        float[] out = new float[(int) n];
        read(0, out, 0, out.length);
        return out;
    }

    /** A new tensor with the same shape holding these values rounded to {@code target}. */
    public Tensor convertTo(DType target) {
        Tensor out = allocate(target, shape.dims());
        float[] chunk = new float[1 << 16];
        long n = elementCount();
        for (long at = 0; at < n; at += chunk.length) {
            int len = (int) Math.min(chunk.length, n - at);
            read(at, chunk, 0, len);
            out.write(at, chunk, 0, len);
        }
        return out;
    }

    /** The flat index of the first NaN or infinite element, or -1 if all are finite. */
    public long firstNonFinite() {
        return firstNonFinite(0, elementCount());
    }

    /**
     * The flat index of the first NaN or infinite element in {@code [from, to)}, or -1. Scans the raw
     * bits (NaN and infinity are the values whose exponent is all ones) without converting, so callers
     * can afford it on every input, and split a large tensor into ranges scanned in parallel.
     */
    public long firstNonFinite(long from, long to) {
        if (from < 0 || to < from || to > elementCount()) {
            throw new IndexOutOfBoundsException("elements [" + from + ", " + to + ") outside tensor " + shape);
        }
        switch (dtype) {
            case F32 -> {
                for (long i = from; i < to; i++) {
                    if ((segment.get(F32_BITS, i * 4) & 0x7f80_0000) == 0x7f80_0000) {
                        return i;
                    }
                }
            }
            case F16, BF16 -> {
                int exponent = dtype == DType.F16 ? 0x7c00 : 0x7f80;
                for (long i = from; i < to; i++) {
                    if ((segment.get(F16, i * 2) & exponent) == exponent) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    private void checkRange(long from, int length) {
        if (from < 0 || length < 0 || from + length > elementCount()) {
            throw new IndexOutOfBoundsException("elements [" + from + ", " + (from + length) + ") outside tensor "
                    + shape);
        }
    }

    @Override
    public void close() {
        if (arena != null && arena.scope().isAlive()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "Tensor" + shape + " " + dtype;
    }
}
