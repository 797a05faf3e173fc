package org.sampleattention.select;

import java.util.EnumSet;
import org.sampleattention.DType;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;
import org.sampleattention.spi.Capabilities;

/** A backend with a chosen name, priority and availability, computing with the reference engine. */
class StubBackend implements AttentionBackend {
    private final String name;
    private final int priority;
    private final Availability availability;

    StubBackend(String name, int priority, boolean available) {
        this.name = name;
        this.priority = priority;
        this.availability = available ? Availability.available("stub device", "test double")
                : Availability.unavailable("no " + name + " device in this test");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public Availability probe() {
        return availability;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(EnumSet.allOf(DType.class), 1, 256, 1, false, -1);
    }

    @Override
    public AttentionEngine create() {
        return new ReferenceBackend().create();
    }
}
