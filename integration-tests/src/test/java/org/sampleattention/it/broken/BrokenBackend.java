package org.sampleattention.it.broken;

import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.Attention;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;
import org.sampleattention.spi.Capabilities;
import org.sampleattention.spi.Filter;
import org.sampleattention.spi.Sampler;

/**
 * A backend that is the reference in every stage but one, which a subclass replaces with a plausible
 * mistake; the kit must notice each. Not registered with ServiceLoader: tests build them directly.
 */
abstract class BrokenBackend implements AttentionBackend {
    private final String name;
    private final ReferenceBackend reference = new ReferenceBackend();

    BrokenBackend(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public Availability probe() {
        return Availability.available("host (deliberately broken)", "a test double of the reference");
    }

    @Override
    public Capabilities capabilities() {
        return reference.capabilities();
    }

    /** The stage this backend breaks, given the reference engine's; return {@code null} to keep the reference's. */
    Sampler sampler(AttentionEngine reference) {
        return null;
    }

    Filter filter(AttentionEngine reference) {
        return null;
    }

    Attention attention(AttentionEngine reference) {
        return null;
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public AttentionEngine create() {
        AttentionEngine ref = reference.create();
        Sampler sampler = sampler(ref) != null ? sampler(ref) : ref.sampler();
        Filter filter = filter(ref) != null ? filter(ref) : ref.filter();
        Attention attention = attention(ref) != null ? attention(ref) : ref.attention();
        return new AttentionEngine() {
            @Override
            public String backendName() {
                return name;
            }

            @Override
            public String device() {
                return ref.device();
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
                ref.close();
            }
        };
    }
}
