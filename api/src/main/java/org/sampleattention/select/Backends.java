package org.sampleattention.select;

import java.util.List;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;

/** Entry points for applications that do not use Guice. */
public final class Backends {
    private Backends() {
    }

    /** The backend selection would pick now (property, environment, then priority). */
    public static AttentionBackend select() {
        return BackendSelector.fromEnvironment().select();
    }

    /** A new engine of the selected backend; the caller closes it. */
    public static AttentionEngine createEngine() {
        return select().create();
    }

    /** An orchestrator on a new engine of the selected backend; close its engine when done. */
    public static SampleAttention sampleAttention(SampleAttentionConfig config) {
        return new SampleAttention(createEngine(), config);
    }

    /** Every backend on the classpath and why each is or is not available. */
    public static List<BackendStatus> diagnostics() {
        return BackendDiscovery.discover();
    }
}
