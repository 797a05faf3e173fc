package com.example.attention;

import java.util.EnumSet;
import org.sampleattention.DType;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;
import org.sampleattention.spi.Capabilities;

/**
 * A third-party backend: plain Java, one query row at a time, f32 arithmetic. Registered through
 * {@code META-INF/services/org.sampleattention.spi.AttentionBackend}; it ranks between the
 * reference (0) and the project's cpu backend (200), so it is picked only when nothing faster is there.
 */
public final class RowBackend implements AttentionBackend {
    public static final String NAME = "example-row";
    /** Head dims above this would make the per-row scratch arrays large; the kit skips them with this reason. */
    static final int MAX_HEAD_DIM = 512;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Availability probe() {
        // Pure Java needs no device; a native backend would load its library here and report why it failed.
        return Availability.available(RowEngine.DEVICE, "pure Java, " + Runtime.getRuntime().availableProcessors()
                + " threads");
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(EnumSet.of(DType.F32, DType.F16, DType.BF16), 1, MAX_HEAD_DIM, 1, false, -1);
    }

    @Override
    public AttentionEngine create() {
        return new RowEngine();
    }
}
