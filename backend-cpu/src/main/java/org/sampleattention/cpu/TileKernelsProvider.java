package org.sampleattention.cpu;

import java.lang.System.Logger.Level;

/**
 * Chooses the kernels once per JVM, as Lucene's {@code VectorizationProvider} does: the Vector API
 * implementation when {@code jdk.incubator.vector} is readable (loaded reflectively, so this class
 * links without the incubator module), the scalar twin otherwise or when the system property
 * {@value #SCALAR_PROPERTY} is {@code true}.
 */
final class TileKernelsProvider {
    /** Forces the scalar kernels (for tests and comparisons). */
    static final String SCALAR_PROPERTY = "sampleattention.cpu.scalar";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "org.sampleattention.cpu.VectorTileKernels";
    private static final System.Logger LOG = System.getLogger("org.sampleattention.cpu");

    private TileKernelsProvider() {
    }

    /** The kernels this JVM should use, logging once why the scalar path was chosen if it was. */
    static TileKernels lookup() {
        return Holder.KERNELS;
    }

    /** The SIMD kernels, or a clear failure naming the JVM flag that enables them. */
    static TileKernels vector() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()
                || !TileKernelsProvider.class.getModule().canRead(ModuleLayer.boot().findModule(VECTOR_MODULE).get())) {
            throw new IllegalStateException("the Java Vector API is not readable: start the JVM with --add-modules "
                    + VECTOR_MODULE);
        }
        try {
            return (TileKernels) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the Vector API kernels: " + e, e);
        }
    }

    static TileKernels scalar() {
        return new ScalarTileKernels();
    }

    /** The kernels to use when {@code forceScalar} is (or is not) requested; a scalar choice is logged with its reason. */
    static TileKernels choose(boolean forceScalar) {
        if (forceScalar) {
            LOG.log(Level.INFO, "SampleAttention CPU backend: scalar kernels forced by -D" + SCALAR_PROPERTY + "=true");
            return scalar();
        }
        try {
            return vector();
        } catch (IllegalStateException e) {
            // the reason names the flag that enables the SIMD path (or what failed to load)
            LOG.log(Level.WARNING, "SampleAttention CPU backend runs its scalar kernels (several times slower): "
                    + e.getMessage());
            return scalar();
        }
    }

    /** Lazy holder: the choice (and its log line) happens on first use, once. */
    private static final class Holder {
        static final TileKernels KERNELS = choose(Boolean.getBoolean(SCALAR_PROPERTY));
    }
}
