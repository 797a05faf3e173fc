package org.sampleattention.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionBackend;

class BackendSelectorTest {
    private static final UnaryOperator<String> NONE = key -> null;

    private final StubBackend gpu = new StubBackend("gpu", 400, false);
    private final StubBackend fast = new StubBackend("fast", 200, true);
    private final StubBackend alpha = new StubBackend("alpha", 200, true);
    private final AttentionBackend reference = new ReferenceBackend();
    private final List<BackendStatus> found = BackendDiscovery.probeAll(List.of(reference, gpu, fast, alpha));

    @Test
    void onlyTheApiOnTheClasspathSelectsTheReferenceBackend() {
        BackendSelector selector = new BackendSelector(BackendDiscovery.discover(getClass().getClassLoader()), NONE, NONE);
        assertEquals(1, selector.discovered().size(), selector.diagnostics());
        assertEquals("reference", selector.select().name());
    }

    @Test
    void withoutARequestTheAvailableBackendWithTheHighestPriorityWinsAndTiesGoByName() {
        assertSame(alpha, new BackendSelector(found, NONE, NONE).select());
    }

    @Test
    void thePropertyOverridesTheEnvironmentWhichOverridesPriority() {
        UnaryOperator<String> env = Map.of(BackendSelector.ENVIRONMENT, "fast")::get;
        assertSame(fast, new BackendSelector(found, NONE, env).select());
        UnaryOperator<String> props = Map.of(BackendSelector.PROPERTY, "reference")::get;
        assertSame(reference, new BackendSelector(found, props, env).select());
    }

    @Test
    void anUnknownNameFailsListingEveryBackendFound() {
        UnaryOperator<String> props = Map.of(BackendSelector.PROPERTY, "tpu")::get;
        var e = assertThrows(IllegalArgumentException.class, () -> new BackendSelector(found, props, NONE).select());
        assertTrue(e.getMessage().contains("'tpu' was requested but not found"), e.getMessage());
        for (String name : List.of("gpu", "fast", "alpha", "reference")) {
            assertTrue(e.getMessage().contains("  " + name + " (priority"), e.getMessage());
        }
        assertTrue(e.getMessage().contains("unavailable: no gpu device in this test"), e.getMessage());
    }

    @Test
    void anUnavailableRequestedBackendFailsWithItsReason() {
        UnaryOperator<String> env = Map.of(BackendSelector.ENVIRONMENT, "gpu")::get;
        var e = assertThrows(IllegalStateException.class, () -> new BackendSelector(found, NONE, env).select());
        assertTrue(e.getMessage().startsWith("backend 'gpu' was requested but is unavailable: no gpu device"),
                e.getMessage());
    }

    @Test
    void twoBackendsWithOneNameFailInsteadOfOneSilentlyWinning() {
        var twins = BackendDiscovery.probeAll(List.of(fast, new StubBackend("fast", 100, true) { }));
        var e = assertThrows(IllegalStateException.class, () -> new BackendSelector(twins, NONE, NONE).select());
        assertTrue(e.getMessage().contains("two backends declare the name 'fast'"), e.getMessage());
    }

    @Test
    void aBackendWhoseProbeThrowsIsListedAsUnavailableNotPropagated() {
        AttentionBackend broken = new StubBackend("broken", 900, true) {
            @Override
            public org.sampleattention.spi.Availability probe() {
                throw new UnsatisfiedLinkError("libbroken.so: cannot open shared object file");
            }
        };
        var statuses = BackendDiscovery.probeAll(List.of(broken, reference));
        BackendStatus status = statuses.stream().filter(s -> s.name().equals("broken")).findFirst().orElseThrow();
        assertTrue(status.describe().contains("probe failed") && status.describe().contains("libbroken.so"),
                status.describe());
        assertSame(reference, new BackendSelector(statuses, NONE, NONE).select());
    }

    @Test
    void blankRequestsAreIgnored() {
        UnaryOperator<String> props = Map.of(BackendSelector.PROPERTY, " ")::get;
        assertSame(alpha, new BackendSelector(found, props, NONE).select());
    }
}
