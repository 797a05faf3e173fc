package org.sampleattention.select;

/** Opens the stub backend to tests in other packages. */
public final class BackendSelectorTestSupport {
    private BackendSelectorTestSupport() {
    }

    /** An available backend with a chosen name and priority, computing with the reference engine. */
    public static class Named extends StubBackend {
        public Named(String name, int priority) {
            super(name, priority, true);
        }
    }
}
