package org.sampleattention.cpu;

import com.google.inject.Module;
import java.util.EnumSet;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.sampleattention.DType;
import org.sampleattention.guice.ContributesModule;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;
import org.sampleattention.spi.Capabilities;

/**
 * The CPU backend ({@code cpu}, priority 200): tiled flash-style kernels on the Java Vector API when
 * {@code jdk.incubator.vector} is readable, on their scalar twin otherwise, over a thread pool sized
 * to the machine or to {@code -Dsampleattention.cpu.threads} ({@link PoolSize}). Every dtype is accepted (f16 and bf16 are widened to f32 once per tile) and head
 * dims up to {@value #MAX_HEAD_DIM}.
 */
public final class CpuBackend implements AttentionBackend, ContributesModule {
    public static final String NAME = "cpu";
    static final int MAX_HEAD_DIM = 1024;
    static final Capabilities CAPABILITIES = new Capabilities(EnumSet.allOf(DType.class), 1, MAX_HEAD_DIM, 1,
            false, Runtime.getRuntime().maxMemory());

    private final Supplier<TileKernels> kernels;
    /** Read when probed or created, so a bad property makes the backend unavailable, not discovery fail. */
    private final IntSupplier threads;

    /** The ServiceLoader entry: kernels chosen for this JVM, the pool sized by {@link PoolSize}. */
    public CpuBackend() {
        this(TileKernelsProvider::lookup, PoolSize::fromSystem);
    }

    private CpuBackend(Supplier<TileKernels> kernels, IntSupplier threads) {
        this.kernels = kernels;
        this.threads = threads;
    }

    /** A backend forced onto the scalar kernels, for comparisons (like {@code -Dsampleattention.cpu.scalar=true}). */
    public static CpuBackend scalar() {
        return new CpuBackend(TileKernelsProvider::scalar, PoolSize::fromSystem);
    }

    /** A backend on the Vector API kernels; {@code create()} fails if {@code jdk.incubator.vector} is not readable. */
    public static CpuBackend vector() {
        return new CpuBackend(TileKernelsProvider::vector, PoolSize::fromSystem);
    }

    /** This backend with a pool of {@code threads} workers, whatever the system property says. */
    public CpuBackend withThreads(int threads) {
        PoolSize.require(threads);
        return new CpuBackend(kernels, () -> threads);
    }

    int threads() {
        return threads.getAsInt();
    }

    /** Lets a Guice application size the pool: bind {@code @Named("sampleattention.cpu.threads") int}. */
    @Override
    public Module guiceModule() {
        return new CpuModule(this);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return CPU_PRIORITY;
    }

    @Override
    public Availability probe() {
        try {
            TileKernels k = kernels.get();
            return Availability.available(CpuEngine.hostDevice(threads.getAsInt()), k.description());
        } catch (RuntimeException e) {
            return Availability.unavailable(e.getMessage());
        }
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public AttentionEngine create() {
        return new CpuEngine(kernels.get(), threads.getAsInt());
    }
}
