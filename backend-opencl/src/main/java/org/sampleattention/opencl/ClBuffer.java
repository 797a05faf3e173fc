package org.sampleattention.opencl;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jocl.cl_mem;

/**
 * A device buffer of the engine's context; released once, and then no longer counted as in use (its
 * memory may be kept by the context for a later buffer of the same size).
 */
final class ClBuffer implements AutoCloseable {
    private final ClContext context;
    private final cl_mem mem;
    private final long bytes;
    private final AtomicBoolean released = new AtomicBoolean();

    ClBuffer(ClContext context, cl_mem mem, long bytes) {
        this.context = context;
        this.mem = mem;
        this.bytes = bytes;
    }

    cl_mem mem() {
        if (released.get()) {
            throw new IllegalStateException("device buffer of " + bytes + " bytes was already released");
        }
        return mem;
    }

    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            context.release(mem, bytes);
        }
    }
}
