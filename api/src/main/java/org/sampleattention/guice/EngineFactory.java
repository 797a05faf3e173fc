package org.sampleattention.guice;

import org.sampleattention.spi.AttentionEngine;

/**
 * How {@link SampleAttentionModule} makes its engine: by default the selected backend's
 * {@code create()}; a backend's contributed module may replace it (through Guice's
 * {@code OptionalBinder}) with one that reads settings the application binds.
 */
@FunctionalInterface
public interface EngineFactory {
    AttentionEngine create();
}
