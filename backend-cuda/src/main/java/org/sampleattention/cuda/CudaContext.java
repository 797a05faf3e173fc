package org.sampleattention.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import jcuda.CudaException;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import org.sampleattention.spi.ReusableMemory;

/**
 * One engine's hold on a device: the device's primary context (retained, so engines on one device
 * share it as the runtime API does), a stream, and a registry of every allocation so that
 * {@link #close()} frees whatever callers forgot. Every method makes the context current on the
 * calling thread first, so any thread may use the engine.
 */
final class CudaContext implements AutoCloseable {
    static final String REUSABLE_PROPERTY = "sampleattention.cuda.reusableBytes";

    private final DeviceInfo info;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final Set<DeviceBuffer> live = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * Freed allocations kept for reuse, by exact size: a call makes the same buffers as the last call of
     * the same shape, and cuMemAlloc / cuMemFree of gigabyte buffers (the sampler's residual scores are
     * 1.7 GiB at 128K tokens) cost milliseconds each. At most {@link #reusable} bytes are kept (an eighth
     * of the device unless {@value #REUSABLE_PROPERTY} says otherwise; 0 keeps none); all of it is given
     * back before one of this engine's allocations may fail, and when the engine closes. Other users of
     * the device do not see it as free meanwhile, which is what the property is for.
     */
    private final Map<Long, ArrayDeque<CUdeviceptr>> spare = new HashMap<>();
    private final long reusable;
    private long spareBytes;
    private boolean closed;

    CudaContext(DeviceInfo info) {
        this.info = info;
        this.reusable = ReusableMemory.cap(REUSABLE_PROPERTY, info.totalMemory());
        cuDeviceGet(device, info.index());
        cuDevicePrimaryCtxRetain(context, device);
        try {
            cuCtxSetCurrent(context);
            cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING);
        } catch (RuntimeException e) {
            cuDevicePrimaryCtxRelease(device);
            throw e;
        }
    }

    DeviceInfo info() {
        return info;
    }

    CUstream stream() {
        return stream;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Makes the context current on the calling thread; fails once the engine is closed. */
    synchronized void makeCurrent() {
        if (closed) {
            throw new IllegalStateException("the cuda engine on " + info.label() + " is closed");
        }
        cuCtxSetCurrent(context);
    }

    /**
     * Allocates {@code bytes} of device memory for {@code what}; a request the device cannot hold
     * fails with {@link IllegalArgumentException} (larger than the device) or
     * {@link IllegalStateException} (not enough free memory now), never with a crash.
     */
    synchronized DeviceBuffer allocate(long bytes, String what) {
        makeCurrent();
        if (bytes > info.totalMemory()) {
            throw new IllegalArgumentException(what + " needs " + mib(bytes) + " but " + info.label() + " has only "
                    + mib(info.totalMemory()) + " in all");
        }
        long size = Math.max(bytes, 1);
        ArrayDeque<CUdeviceptr> kept = spare.get(size);
        CUdeviceptr pointer;
        if (kept != null && !kept.isEmpty()) {
            // a buffer may be freed before the kernels that used it ran (a call that failed half way),
            // and uploads into its successor go through the legacy stream, which our non-blocking
            // stream does not wait for: let the stream drain first (it is idle in the normal case)
            cuStreamSynchronize(stream);
            pointer = kept.pop();
            spareBytes -= size;
        } else {
            pointer = allocateNew(size, what);
        }
        DeviceBuffer buffer = new DeviceBuffer(this, pointer, bytes);
        live.add(buffer);
        return buffer;
    }

    private CUdeviceptr allocateNew(long size, String what) {
        CUdeviceptr pointer = new CUdeviceptr();
        try {
            cuMemAlloc(pointer, size);
            return pointer;
        } catch (CudaException first) {
            releaseSpare();
        }
        try {
            cuMemAlloc(pointer, size);
            return pointer;
        } catch (CudaException e) {
            long[] free = new long[1], total = new long[1];
            cuMemGetInfo(free, total);
            throw new IllegalStateException("cannot allocate " + mib(size) + " for " + what + " on " + info.label()
                    + ": " + mib(free[0]) + " of " + mib(total[0]) + " free (" + e.getMessage() + ")", e);
        }
    }

    /** Takes the buffer out of use; its memory is kept for a later allocation of the same size. */
    synchronized void free(DeviceBuffer buffer) {
        if (live.remove(buffer) && !closed) {
            long size = Math.max(buffer.bytes(), 1);
            if (spareBytes + size > reusable) {
                releaseSpare();
            }
            if (size <= reusable) {
                spare.computeIfAbsent(size, s -> new ArrayDeque<>()).push(buffer.pointer());
                spareBytes += size;
            } else {
                cuCtxSetCurrent(context);
                cuMemFree(buffer.pointer());
            }
        }
    }

    private void releaseSpare() {
        cuCtxSetCurrent(context);
        for (ArrayDeque<CUdeviceptr> kept : spare.values()) {
            for (CUdeviceptr p : kept) {
                try {
                    cuMemFree(p);
                } catch (CudaException e) {
                    // keep freeing the rest
                }
            }
        }
        spare.clear();
        spareBytes = 0;
    }

    /** Waits for the stream's work; a kernel fault surfaces here as a CudaException. */
    void synchronize() {
        cuStreamSynchronize(stream);
    }

    /** Freed device memory kept for reuse, in bytes. */
    synchronized long spareBytes() {
        return spareBytes;
    }

    /** Device memory allocated through this context and not yet freed, in bytes (kept spare memory aside). */
    synchronized long liveBytes() {
        long n = 0;
        for (DeviceBuffer b : live) {
            n += b.bytes();
        }
        return n;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        cuCtxSetCurrent(context);
        try {
            cuStreamSynchronize(stream);
        } catch (CudaException e) {
            // a faulted context: still free what we can below
        }
        for (DeviceBuffer b : live) {
            try {
                cuMemFree(b.pointer());
            } catch (CudaException e) {
                // keep freeing the rest
            }
        }
        live.clear();
        releaseSpare();
        try {
            cuStreamDestroy(stream);
        } finally {
            closed = true;
            cuDevicePrimaryCtxRelease(device);
        }
    }

    static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
