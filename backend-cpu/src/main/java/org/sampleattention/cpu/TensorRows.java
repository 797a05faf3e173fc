package org.sampleattention.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.sampleattention.HalfFloats;
import org.sampleattention.Tensor;

/**
 * Bulk reads of tensor rows widened to f32 and writes rounded back to the tensor's dtype. One
 * segment copy per call instead of {@link Tensor#get}'s per-element dispatch: the kernels convert each
 * K/V tile once, so this is the cost of widening, paid O(N d) per head.
 */
final class TensorRows {
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TensorRows() {
    }

    /** {@code dst[off .. off+len) = t[from .. from+len)} widened; {@code halves} holds at least len. */
    static void read(Tensor t, long from, float[] dst, int off, int len, short[] halves) {
        switch (t.dtype()) {
            case F32 -> t.read(from, dst, off, len);
            case F16 -> {
                MemorySegment.copy(t.segment(), HALF, from * 2, halves, 0, len);
                for (int i = 0; i < len; i++) {
                    dst[off + i] = Float.float16ToFloat(halves[i]);
                }
            }
            case BF16 -> {
                MemorySegment.copy(t.segment(), HALF, from * 2, halves, 0, len);
                for (int i = 0; i < len; i++) {
                    dst[off + i] = Float.intBitsToFloat((halves[i] & 0xffff) << 16);
                }
            }
        }
    }

    /** {@code t[to .. to+len) = src[off .. off+len)} rounded to nearest even in t's dtype. */
    static void write(Tensor t, long to, float[] src, int off, int len, short[] halves) {
        switch (t.dtype()) {
            case F32 -> t.write(to, src, off, len);
            case F16 -> {
                for (int i = 0; i < len; i++) {
                    halves[i] = Float.floatToFloat16(src[off + i]);
                }
                MemorySegment.copy(halves, 0, t.segment(), HALF, to * 2, len);
            }
            case BF16 -> {
                for (int i = 0; i < len; i++) {
                    halves[i] = HalfFloats.toBf16(src[off + i]);
                }
                MemorySegment.copy(halves, 0, t.segment(), HALF, to * 2, len);
            }
        }
    }
}
