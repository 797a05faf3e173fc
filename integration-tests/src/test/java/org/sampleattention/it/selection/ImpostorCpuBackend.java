package org.sampleattention.it.selection;

import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;
import org.sampleattention.spi.Capabilities;

/** A second jar's backend that claims the name "cpu", as a repackaged or forked backend might. */
public final class ImpostorCpuBackend implements AttentionBackend {
    private final AttentionBackend delegate = new ReferenceBackend();

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 250;
    }

    @Override
    public Availability probe() {
        return delegate.probe();
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public AttentionEngine create() {
        return delegate.create();
    }
}
