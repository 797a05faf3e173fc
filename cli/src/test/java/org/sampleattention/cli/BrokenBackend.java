package org.sampleattention.cli;

import java.util.EnumSet;
import org.sampleattention.DType;
import org.sampleattention.spi.Attention;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;
import org.sampleattention.spi.Capabilities;
import org.sampleattention.spi.Filter;
import org.sampleattention.spi.Sampler;

/**
 * A backend, on the test classpath only, whose every computation fails: what the conformance command
 * must report as failures (exit status 1). It claims head dim 1 only, so the kit skips most cases
 * and the test stays fast; lowest priority, so it is never picked by default.
 */
public final class BrokenBackend implements AttentionBackend {
    static final String NAME = "broken-for-tests";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -1000;
    }

    @Override
    public Availability probe() {
        return Availability.available("nowhere", "fails every computation, for the CLI's tests");
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(EnumSet.of(DType.F32), 1, 1, 1, false, -1);
    }

    @Override
    public AttentionEngine create() {
        return new AttentionEngine() {
            @Override
            public String backendName() {
                return NAME;
            }

            @Override
            public String device() {
                return "nowhere";
            }

            @Override
            public Sampler sampler() {
                throw new IllegalStateException("deliberately broken sampler");
            }

            @Override
            public Filter filter() {
                throw new IllegalStateException("deliberately broken filter");
            }

            @Override
            public Attention attention() {
                throw new IllegalStateException("deliberately broken attention");
            }

            @Override
            public void close() {
            }
        };
    }
}
