package org.sampleattention.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clEnqueueFillBuffer;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseMemObject;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_mem;
import org.sampleattention.spi.ReusableMemory;

/**
 * A context and an in-order command queue on one device, with the allocations made in it. Every
 * allocation is checked up front against the device's largest single allocation and against its
 * global memory minus what this context already holds, so a problem that does not fit fails with a
 * message saying so rather than with an OpenCL error code halfway through.
 */
final class ClContext implements AutoCloseable {
    static final String REUSABLE_PROPERTY = "sampleattention.opencl.reusableBytes";
    /** Host-device copies go in pieces below 2 GiB because a ByteBuffer view is int-indexed. */
    private static final long COPY_CHUNK = 1L << 30;

    private final ClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final AtomicLong allocated = new AtomicLong();
    /**
     * Released buffers kept for reuse, by exact size, as the cuda backend keeps its freed allocations: a
     * call makes the same buffers as the last call of the same shape, and creating and releasing buffers
     * of hundreds of megabytes costs the driver an allocation each time. At most {@link #reusable} bytes
     * are kept (an eighth of the device's global memory unless {@value #REUSABLE_PROPERTY} says
     * otherwise; 0 keeps none), all given back before an allocation would not fit and when the context
     * closes. The queue is in order, so work still queued on a kept buffer runs before its next use.
     */
    private final Map<Long, ArrayDeque<cl_mem>> spare = new HashMap<>();
    private final long reusable;
    private long spareBytes;
    private boolean closed;

    // clCreateCommandQueue is deprecated since OpenCL 2.0, but its successor does not exist on 1.2
    // platforms, which many devices still are; the plain in-order queue it makes is all we need
    @SuppressWarnings("deprecation")
    ClContext(ClDevice device) {
        CL.setExceptionsEnabled(true);
        this.device = device;
        this.reusable = ReusableMemory.cap(REUSABLE_PROPERTY, device.globalMemBytes());
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL_CONTEXT_PLATFORM, device.platform());
        this.context = clCreateContext(properties, 1, new org.jocl.cl_device_id[] {device.id()}, null, null, null);
        try {
            this.queue = clCreateCommandQueue(context, device.id(), 0, null);
        } catch (RuntimeException e) {
            clReleaseContext(context);
            throw e;
        }
    }

    ClDevice device() {
        return device;
    }

    cl_context context() {
        return context;
    }

    cl_command_queue queue() {
        return queue;
    }

    /** An uninitialised buffer of at least {@code bytes}, kept or new; {@code what} names it in errors. */
    ClBuffer allocate(long bytes, String what) {
        long size = reserve(Math.max(bytes, 16), what); // OpenCL rejects empty buffers
        synchronized (this) {
            ArrayDeque<cl_mem> kept = spare.get(size);
            if (kept != null && !kept.isEmpty()) {
                spareBytes -= size;
                return new ClBuffer(this, kept.pop(), size);
            }
            if (allocated.get() + spareBytes > device.globalMemBytes()) {
                releaseSpare();  // kept buffers of other sizes stand in the way of a new one
            }
        }
        try {
            return new ClBuffer(this, clCreateBuffer(context, CL_MEM_READ_WRITE, size, null, null), size);
        } catch (CLException e) {
            released(size);
            throw new IllegalArgumentException("cannot allocate " + what + " (" + size + " bytes) on "
                    + device.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Counts {@code size} bytes as in use, after checking them against the device's limits;
     * {@link #release} or {@link #released} hands them back.
     */
    long reserve(long size, String what) {
        if (size > device.maxAllocBytes()) {
            throw new IllegalArgumentException(what + " needs " + size + " bytes but " + device.name()
                    + " allows at most " + device.maxAllocBytes() + " bytes in one buffer (CL_DEVICE_MAX_MEM_ALLOC_SIZE)");
        }
        long inUse = allocated.addAndGet(size);
        if (inUse > device.globalMemBytes()) {
            allocated.addAndGet(-size);
            throw new IllegalArgumentException(what + " needs " + size + " bytes but " + device.name() + " has "
                    + (device.globalMemBytes() - inUse + size) + " of its " + device.globalMemBytes()
                    + " bytes of global memory left");
        }
        return size;
    }

    /** Hands back a reservation that no buffer took. */
    void released(long bytes) {
        allocated.addAndGet(-bytes);
    }

    /** Takes a buffer of {@code bytes} out of use; it is kept for a later allocation of the same size. */
    synchronized void release(cl_mem mem, long bytes) {
        released(bytes);
        if (closed || bytes > reusable) {
            clReleaseMemObject(mem);
            return;
        }
        if (spareBytes + bytes > reusable) {
            releaseSpare();
        }
        spare.computeIfAbsent(bytes, b -> new ArrayDeque<>()).push(mem);
        spareBytes += bytes;
    }

    private void releaseSpare() {
        for (ArrayDeque<cl_mem> kept : spare.values()) {
            for (cl_mem mem : kept) {
                clReleaseMemObject(mem);
            }
        }
        spare.clear();
        spareBytes = 0;
    }

    /** Released device memory kept for reuse, in bytes. */
    synchronized long spareBytes() {
        return spareBytes;
    }

    void write(ClBuffer buffer, MemorySegment source) {
        for (long at = 0; at < source.byteSize(); at += COPY_CHUNK) {
            long len = Math.min(COPY_CHUNK, source.byteSize() - at);
            clEnqueueWriteBuffer(queue, buffer.mem(), CL_TRUE, at, len,
                    Pointer.to(source.asSlice(at, len).asByteBuffer()), 0, null, null);
        }
    }

    void read(ClBuffer buffer, MemorySegment target) {
        for (long at = 0; at < target.byteSize(); at += COPY_CHUNK) {
            long len = Math.min(COPY_CHUNK, target.byteSize() - at);
            clEnqueueReadBuffer(queue, buffer.mem(), CL_TRUE, at, len,
                    Pointer.to(target.asSlice(at, len).asByteBuffer()), 0, null, null);
        }
    }

    void write(ClBuffer buffer, int[] values) {
        clEnqueueWriteBuffer(queue, buffer.mem(), CL_TRUE, 0, 4L * values.length, Pointer.to(values), 0, null, null);
    }

    void write(ClBuffer buffer, long offsetBytes, float[] values) {
        clEnqueueWriteBuffer(queue, buffer.mem(), CL_TRUE, offsetBytes, 4L * values.length, Pointer.to(values),
                0, null, null);
    }

    void read(ClBuffer buffer, long offsetBytes, int[] values) {
        clEnqueueReadBuffer(queue, buffer.mem(), CL_TRUE, offsetBytes, 4L * values.length, Pointer.to(values),
                0, null, null);
    }

    void read(ClBuffer buffer, long offsetBytes, float[] values) {
        clEnqueueReadBuffer(queue, buffer.mem(), CL_TRUE, offsetBytes, 4L * values.length, Pointer.to(values),
                0, null, null);
    }

    /** Sets {@code bytes} bytes of the buffer to zero. */
    void zero(ClBuffer buffer, long bytes) {
        clEnqueueFillBuffer(queue, buffer.mem(), Pointer.to(new int[] {0}), 4, 0, bytes, 0, null, null);
    }

    /** A buffer holding {@code values}. */
    ClBuffer upload(int[] values, String what) {
        ClBuffer buffer = allocate(4L * values.length, what);
        if (values.length > 0) {
            write(buffer, values);
        }
        return buffer;
    }

    void finish() {
        clFinish(queue);
    }

    long bytesInUse() {
        return allocated.get();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            releaseSpare();
            clReleaseCommandQueue(queue);
            clReleaseContext(context);
        }
    }
}
