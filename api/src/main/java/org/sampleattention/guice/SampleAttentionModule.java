package org.sampleattention.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import java.util.Objects;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.select.BackendSelector;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;

/**
 * Binds the configuration, the selected backend, one engine and the {@link SampleAttention}
 * orchestrator as singletons, and installs the module the selected backend contributes, if any
 * (which may bind its own settings and replace the {@link EngineFactory}).
 * The application owns the engine: close it (through the injector) when done.
 */
public final class SampleAttentionModule extends AbstractModule {
    private final SampleAttentionConfig config;
    private final BackendSelector selector;

    /** Default settings; the backend chosen by property, environment or priority. */
    public SampleAttentionModule() {
        this(SampleAttentionConfig.defaults(), BackendSelector.fromEnvironment());
    }

    public SampleAttentionModule(SampleAttentionConfig config, BackendSelector selector) {
        this.config = Objects.requireNonNull(config, "config");
        this.selector = Objects.requireNonNull(selector, "selector");
    }

    @Override
    protected void configure() {
        AttentionBackend backend = selector.select();
        bind(SampleAttentionConfig.class).toInstance(config);
        bind(AttentionBackend.class).toInstance(backend);
        OptionalBinder.newOptionalBinder(binder(), EngineFactory.class).setDefault().toInstance(backend::create);
        if (backend instanceof ContributesModule contributor) {
            install(contributor.guiceModule());
        }
    }

    @Provides
    @Singleton
    AttentionEngine engine(EngineFactory factory) {
        return factory.create();
    }

    @Provides
    @Singleton
    SampleAttention sampleAttention(AttentionEngine engine, SampleAttentionConfig config) {
        return new SampleAttention(engine, config);
    }
}
