package org.sampleattention.guice;

import com.google.inject.Module;

/**
 * Implemented by a backend (next to {@link org.sampleattention.spi.AttentionBackend}) that wants to
 * bind settings of its own, such as a device index or stream options. The SPI itself stays free of
 * Guice: only backends that contribute a module see this type.
 */
public interface ContributesModule {
    Module guiceModule();
}
