package org.sampleattention.reference;

import java.util.EnumSet;
import org.sampleattention.DType;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;
import org.sampleattention.spi.Capabilities;

/**
 * The exact backend: scalar Java with f64 accumulation, all three stages as DESIGN.md section 4
 * defines them. It is the oracle every other backend is checked against, and the last resort when
 * nothing faster is on the classpath, hence the lowest priority.
 */
public final class ReferenceBackend implements AttentionBackend {
    public static final String NAME = "reference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability probe() {
        return Availability.available(ReferenceEngine.DEVICE, "pure Java, f64 accumulation; slow, for checking");
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(EnumSet.allOf(DType.class), 1, 65536, 1, false, Runtime.getRuntime().maxMemory());
    }

    @Override
    public AttentionEngine create() {
        return new ReferenceEngine();
    }
}
