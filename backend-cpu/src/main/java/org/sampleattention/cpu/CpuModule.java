package org.sampleattention.cpu;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import org.sampleattention.guice.EngineFactory;

/**
 * What the cpu backend adds to {@code SampleAttentionModule}: the size of its thread pool as a setting
 * an application may bind, {@code bindConstant().annotatedWith(Names.named("sampleattention.cpu.threads"))},
 * so that an engine sharing the machine with an inference server can be kept to a few cores. Unbound,
 * the pool is sized as without Guice ({@link PoolSize}: the system property of the same name, else one
 * thread per processor).
 */
final class CpuModule extends AbstractModule {
    /** The name of the {@code int} binding that sizes the engine's thread pool. */
    static final String THREADS = PoolSize.PROPERTY;

    private final CpuBackend backend;

    CpuModule(CpuBackend backend) {
        this.backend = backend;
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), EngineFactory.class).setBinding()
                .to(Key.get(EngineFactory.class, Names.named(CpuBackend.NAME)));
    }

    @Provides
    @Named(CpuBackend.NAME)
    EngineFactory engineFactory(ThreadSetting setting) {
        int threads = setting.threads == null ? backend.threads() : setting.threads;
        return () -> backend.withThreads(threads).create();
    }

    /** The application's thread count, if it bound one (optional injection keeps the binding optional). */
    static final class ThreadSetting {
        @Inject(optional = true)
        @Named(THREADS)
        Integer threads;
    }
}
