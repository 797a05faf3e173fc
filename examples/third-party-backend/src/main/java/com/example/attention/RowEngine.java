package com.example.attention;

import org.sampleattention.spi.Attention;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Filter;
import org.sampleattention.spi.Sampler;

/** Host engine with no native state: closing it frees nothing. */
final class RowEngine implements AttentionEngine {
    static final String DEVICE = "host (plain Java, f32)";

    private final RowSampler sampler = new RowSampler();
    private final PrefixSearchFilter filter = new PrefixSearchFilter();
    private final RowAttention attention = new RowAttention();

    @Override
    public String backendName() {
        return RowBackend.NAME;
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
