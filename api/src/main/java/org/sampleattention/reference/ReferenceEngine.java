package org.sampleattention.reference;

import org.sampleattention.spi.Attention;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Filter;
import org.sampleattention.spi.Sampler;

/** The reference backend's engine: stateless, so closing it frees nothing. */
final class ReferenceEngine implements AttentionEngine {
    static final String DEVICE = "host (scalar Java, f64)";

    private final ReferenceSampler sampler = new ReferenceSampler();
    private final BlockCoverageFilter filter = new BlockCoverageFilter();
    private final ReferenceAttention attention = new ReferenceAttention();

    @Override
    public String backendName() {
        return ReferenceBackend.NAME;
    }

    @Override
    public String device() {
        return DEVICE;
    }

    @Override
    public Sampler sampler() {
        return sampler;
    }

    @Override
    public Filter filter() {
        return filter;
    }

    @Override
    public Attention attention() {
        return attention;
    }

    @Override
    public void close() {
    }
}
