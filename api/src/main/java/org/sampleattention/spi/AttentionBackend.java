package org.sampleattention.spi;

/**
 * A pluggable implementation, found by {@link java.util.ServiceLoader} through a
 * {@code META-INF/services/org.sampleattention.spi.AttentionBackend} entry in the backend's jar.
 *
 * <p>Discovery instantiates providers and calls {@link #name()}, {@link #priority()} and
 * {@link #probe()} only, so a provider's constructor must load nothing native: native libraries and
 * devices are touched in {@code probe()} (which answers "unavailable: reason" instead of throwing)
 * and {@code create()}.
 */
public interface AttentionBackend {
    /** A short, unique, lower-case name used to request the backend ({@code cpu}, {@code cuda}). */
    String name();

    /**
     * The cpu backend's {@link #priority()}: a backend ranked above it claims to be faster than the host's
     * SIMD cores, an accelerator (the command line's demo, for one, runs such a backend at a longer length).
     */
    int CPU_PRIORITY = 200;

    /**
     * Higher wins when no backend is requested: cuda 400 &gt; opencl on a GPU 300 &gt; cpu 200
     * ({@link #CPU_PRIORITY}) &gt; opencl on a CPU 150 &gt; reference 0.
     */
    int priority();

    /** Whether the backend can run here, and why; never throws. */
    Availability probe();

    /**
     * The inputs the backend takes (dtypes, head dims) and where and in how much memory it computes;
     * honest, since callers and the conformance kit rely on it.
     */
    Capabilities capabilities();

    /** A new engine; the caller closes it. Fails with a clear exception if the backend is unavailable. */
    AttentionEngine create();
}
