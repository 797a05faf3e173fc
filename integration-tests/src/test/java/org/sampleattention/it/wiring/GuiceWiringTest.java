package org.sampleattention.it.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.name.Names;
import org.junit.jupiter.api.Test;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.Tensor;
import org.sampleattention.conformance.Workload;
import org.sampleattention.conformance.WorkloadKind;
import org.sampleattention.conformance.WorkloadSpec;
import org.sampleattention.guice.SampleAttentionModule;
import org.sampleattention.select.BackendDiscovery;
import org.sampleattention.select.BackendSelector;
import org.sampleattention.spi.AttentionEngine;

/** Wiring as an application does it: SampleAttentionModule, the module the cpu backend contributes, and a setting. */
class GuiceWiringTest {
    private static final SampleAttentionConfig CONFIG = SampleAttentionConfig.builder().minSparseLength(256).build();

    private static Injector injector(Module... application) {
        BackendSelector cpu = new BackendSelector(BackendDiscovery.discover(),
                key -> key.equals(BackendSelector.PROPERTY) ? "cpu" : null, key -> null);
        Module[] modules = new Module[application.length + 1];
        modules[0] = new SampleAttentionModule(CONFIG, cpu);
        System.arraycopy(application, 0, modules, 1, application.length);
        return Guice.createInjector(modules);
    }

    @Test
    void theCpuBackendsModuleDefaultsToOneThreadPerProcessor() {
        int processors = Runtime.getRuntime().availableProcessors();
        try (AttentionEngine engine = injector().getInstance(AttentionEngine.class)) {
            assertTrue(engine.device().startsWith("host CPU, " + processors + (processors == 1 ? " thread," : " threads,")),
                    engine.device());
        }
    }

    @Test
    void theApplicationsBindingWinsOverTheSystemProperty() {
        System.setProperty("sampleattention.cpu.threads", "3");
        try (AttentionEngine engine = injector(binder -> binder.bindConstant()
                .annotatedWith(Names.named("sampleattention.cpu.threads")).to(2)).getInstance(AttentionEngine.class)) {
            assertTrue(engine.device().startsWith("host CPU, 2 threads,"), engine.device());
        } finally {
            System.clearProperty("sampleattention.cpu.threads");
        }
    }

    @Test
    void anApplicationSizesTheCpuPoolThroughTheContributedSettingAndComputes() {
        Injector injector = injector(binder -> binder.bindConstant()
                .annotatedWith(Names.named("sampleattention.cpu.threads")).to(1));
        SampleAttention sa = injector.getInstance(SampleAttention.class);
        try (AttentionEngine engine = sa.engine();
             Workload w = Workload.generate(WorkloadSpec.of(WorkloadKind.LLM, 512, 4, 2, 64, DType.F32, 3));
             SampleAttentionResult result = sa.compute(w.input())) {
            assertEquals("cpu", engine.backendName());
            assertTrue(engine.device().startsWith("host CPU, 1 thread,"), engine.device());
            assertEquals(CONFIG, sa.config());
            assertTrue(result.stats().density() < 1, "sparse plans were made: " + result.stats());
            assertEquals(4, ((Tensor) result.output()).shape().dim(0));
        }
    }
}
