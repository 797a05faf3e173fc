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

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import jcuda.CudaException;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/**
 * One engine's hold on a device: the device's primary context (retained, so engines on one device
 * share it as the runtime API does), a stream, and a registry of every allocation so that
 * {@link #close()} frees whatever callers forgot. Every method makes the context current on the
 * calling thread first, so any thread may use the engine.
 */
final class CudaContext implements AutoCloseable {
    private final DeviceInfo info;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final Set<DeviceBuffer> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    CudaContext(DeviceInfo info) {
        this.info = info;
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
        CUdeviceptr pointer = new CUdeviceptr();
        try {
            cuMemAlloc(pointer, Math.max(bytes, 1));
        } catch (CudaException e) {
            long[] free = new long[1], total = new long[1];
            cuMemGetInfo(free, total);
            throw new IllegalStateException("cannot allocate " + mib(bytes) + " for " + what + " on " + info.label()
                    + ": " + mib(free[0]) + " of " + mib(total[0]) + " free (" + e.getMessage() + ")", e);
        }
        DeviceBuffer buffer = new DeviceBuffer(this, pointer, bytes);
        live.add(buffer);
        return buffer;
    }

    synchronized void free(DeviceBuffer buffer) {
        if (live.remove(buffer) && !closed) {
            cuCtxSetCurrent(context);
            cuMemFree(buffer.pointer());
        }
    }

    /** Waits for the stream's work; a kernel fault surfaces here as a CudaException. */
    void synchronize() {
        cuStreamSynchronize(stream);
    }

    /** Device memory allocated through this context and not yet freed, in bytes. */
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
