package org.sampleattention.cuda;

import jcuda.driver.CUdeviceptr;

/** One device allocation, freed by {@link #close()} (or by its context's close, whichever is first). */
final class DeviceBuffer implements AutoCloseable {
    private final CudaContext context;
    private final CUdeviceptr pointer;
    private final long bytes;

    DeviceBuffer(CudaContext context, CUdeviceptr pointer, long bytes) {
        this.context = context;
        this.pointer = pointer;
        this.bytes = bytes;
    }

    CUdeviceptr pointer() {
        return pointer;
    }

    /** The address {@code offset} bytes into the buffer. */
    CUdeviceptr at(long offset) {
        return pointer.withByteOffset(offset);
    }

    long bytes() {
        return bytes;
    }

    CudaContext context() {
        return context;
    }

    @Override
    public void close() {
        context.free(this);
    }
}
