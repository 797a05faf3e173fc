package org.sampleattention.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import org.sampleattention.AttentionInput;
import org.sampleattention.Tensor;
import org.sampleattention.spi.HostInput;

/**
 * {@link HostInput}'s checks (host residency, no NaN or infinity) with the finite-value scan split into
 * chunks on the engine's pool, since one thread's scan is a visible share of the sparse stage's fixed
 * cost at 4K tokens. When something is wrong, {@link HostInput#of} runs to raise its usual message
 * naming the tensor and the element.
 *
 * <p>A stage skips the scan of what its kernels widen anyway: they throw {@link NonFiniteValue} when
 * they meet a NaN or an infinity, and {@link #report} turns that into the same message. Attention
 * widens all of q, k and v; sampling all of k but only the sampled rows of q, so it scans q alone (it
 * ignores v).
 */
final class FiniteCheck {
    private static final int CHUNK = 1 << 14;

    private FiniteCheck() {
    }

    /** Host residency and finite queries; keys and values are left to the kernels that read them. */
    static HostInput ofQueries(CpuEngine engine, AttentionInput input) {
        if (input.q() instanceof Tensor q && input.k() instanceof Tensor k && input.v() instanceof Tensor v
                && allFinite(engine, q)) {
            return new HostInput(input, q, k, v);
        }
        return HostInput.of(input, CpuBackend.NAME); // throws, naming the problem
    }

    /** Host residency only, for a stage whose kernels check every value as they widen it. */
    static HostInput checkedWhileRead(AttentionInput input) {
        if (input.q() instanceof Tensor q && input.k() instanceof Tensor k && input.v() instanceof Tensor v) {
            return new HostInput(input, q, k, v);
        }
        return HostInput.of(input, CpuBackend.NAME); // throws, naming the tensor that is not on the host
    }

    /** The exception {@link HostInput#of} raises for the non-finite value that a kernel met. */
    static RuntimeException report(AttentionInput input, NonFiniteValue met) {
        try {
            HostInput.of(input, CpuBackend.NAME);
        } catch (IllegalArgumentException named) {
            return named;
        }
        return new IllegalStateException("an input changed while it was read", met);
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
            if (t.firstNonFinite(from, from + len) >= 0) {
                finite.set(false);
            }
        });
        return finite.get();
    }
}
