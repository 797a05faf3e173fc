package org.sampleattention.guice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.name.Names;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.select.BackendDiscovery;
import org.sampleattention.select.BackendSelector;
import org.sampleattention.spi.AttentionEngine;

class SampleAttentionModuleTest {

    /** A backend that contributes a device-index setting, as a GPU backend would. */
    static final class ContributingBackend extends org.sampleattention.select.BackendSelectorTestSupport.Named
            implements ContributesModule {
        ContributingBackend() {
            super("contributing", 50);
        }

        @Override
        public Module guiceModule() {
            return new AbstractModule() {
                @Override
                protected void configure() {
                    bindConstant().annotatedWith(Names.named("deviceIndex")).to(3);
                }
            };
        }
    }

    @Test
    void bindsConfigSelectedBackendOneEngineAndTheOrchestrator() {
        SampleAttentionConfig config = SampleAttentionConfig.builder().alpha(0.9).build();
        var selector = new BackendSelector(BackendDiscovery.probeAll(List.of(new ReferenceBackend())), k -> null, k -> null);
        Injector injector = Guice.createInjector(new SampleAttentionModule(config, selector));
        SampleAttention sa = injector.getInstance(SampleAttention.class);
        assertSame(config, sa.config());
        assertSame(injector.getInstance(AttentionEngine.class), sa.engine());
        assertEquals("reference", sa.engine().backendName());
        sa.engine().close();
    }

    @Test
    void installsTheModuleTheSelectedBackendContributes() {
        var selector = new BackendSelector(BackendDiscovery.probeAll(List.of(new ReferenceBackend(),
                new ContributingBackend())), k -> null, k -> null);
        Injector injector = Guice.createInjector(new SampleAttentionModule(SampleAttentionConfig.defaults(), selector));
        assertEquals(3, injector.getInstance(com.google.inject.Key.get(Integer.class, Names.named("deviceIndex"))));
        assertEquals("contributing", injector.getInstance(org.sampleattention.spi.AttentionBackend.class).name());
        injector.getInstance(AttentionEngine.class).close();
    }
}
