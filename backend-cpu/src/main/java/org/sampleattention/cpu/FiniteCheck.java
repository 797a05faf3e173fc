package org.sampleattention.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sampleattention.AttentionInput;
import org.sampleattention.Tensor;
import org.sampleattention.spi.HostInput;

/**
 * {@link HostInput}'s checks (host residency, no NaN or infinity) as a parallel bulk scan of the raw
 * bits, chunk by chunk on the engine's pool: the element-by-element scan costs as much as the sparse
 * stage's whole fixed overhead at 4K tokens. When something is wrong, {@link HostInput#of} runs to
 * raise its usual message naming the tensor and the element.
 */
final class FiniteCheck {
    private static final int CHUNK = 1 << 14;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private FiniteCheck() {
    }

    static HostInput of(CpuEngine engine, AttentionInput input) {
        if (input.q() instanceof Tensor q && input.k() instanceof Tensor k && input.v() instanceof Tensor v
                && allFinite(engine, q) && allFinite(engine, k) && allFinite(engine, v)) {
            return new HostInput(input, q, k, v);
        }
        return HostInput.of(input, CpuBackend.NAME); // throws, naming the problem
    }

    private static boolean allFinite(CpuEngine engine, Tensor t) {
        long n = t.elementCount();
        int chunks = (int) ((n + CHUNK - 1) / CHUNK);
        AtomicBoolean finite = new AtomicBoolean(true);
        ParallelLoop.run(engine.pool(), chunks, chunk -> {
            if (!finite.get()) {
                return;
            }
            long from = (long) chunk * CHUNK;
            int len = (int) Math.min(CHUNK, n - from);
            if (!chunkFinite(t, from, len, engine.scratch())) {
                finite.set(false);
            }
        });
        return finite.get();
    }

    /** Whether no element of the chunk has an all-ones exponent (the bit pattern of NaN and infinity). */
    private static boolean chunkFinite(Tensor t, long from, int len, WorkerScratch scratch) {
        MemorySegment segment = t.segment();
        switch (t.dtype()) {
            case F32 -> {
                float[] values = scratch.floats(CHUNK);
                MemorySegment.copy(segment, F32, from * 4, values, 0, len);
                for (int i = 0; i < len; i++) {
                    if ((Float.floatToRawIntBits(values[i]) & 0x7f80_0000) == 0x7f80_0000) {
                        return false;
                    }
                }
                return true;
            }
            case F16, BF16 -> {
                int exponent = t.dtype() == org.sampleattention.DType.F16 ? 0x7c00 : 0x7f80;
                short[] values = scratch.shorts(CHUNK);
                MemorySegment.copy(segment, HALF, from * 2, values, 0, len);
                for (int i = 0; i < len; i++) {
                    if ((values[i] & exponent) == exponent) {
                        return false;
                    }
                }
                return true;
            }
            default -> throw new IllegalStateException("unknown dtype " + t.dtype());
        }
    }
}
