package org.sampleattention.opencl;

import static org.jocl.CL.clReleaseMemObject;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jocl.cl_mem;

/** A device buffer of the engine's context; released once, and then no longer counted as in use. */
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
            clReleaseMemObject(mem);
            context.released(bytes);
        }
    }
}
