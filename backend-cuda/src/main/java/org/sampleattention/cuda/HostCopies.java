package org.sampleattention.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;

import java.lang.foreign.MemorySegment;
import jcuda.Pointer;

/**
 * Copies between host segments and device buffers in chunks: JCuda reaches native host memory
 * through {@link java.nio.ByteBuffer}s, which hold at most 2^31 - 1 bytes, so tensors of more than
 * 2 GiB move in pieces of {@link #CHUNK} bytes.
 */
final class HostCopies {
    static final long CHUNK = 1L << 30;

    private HostCopies() {
    }

    static void upload(CudaContext context, MemorySegment src, DeviceBuffer dst, long dstOffset) {
        long bytes = src.byteSize();
        for (long at = 0; at < bytes; at += CHUNK) {
            long n = Math.min(CHUNK, bytes - at);
            cuMemcpyHtoDAsync(dst.at(dstOffset + at), Pointer.to(src.asSlice(at, n).asByteBuffer()), n, context.stream());
        }
        context.synchronize();
    }

    /** A new device buffer holding {@code data}; small host arrays only (plans, tile lists). */
    static DeviceBuffer uploadInts(CudaContext context, int[] data, String what) {
        DeviceBuffer b = context.allocate(4L * data.length, what);
        if (data.length > 0) {
            cuMemcpyHtoD(b.pointer(), Pointer.to(data), 4L * data.length);
        }
        return b;
    }

    static DeviceBuffer uploadDoubles(CudaContext context, double[] data, String what) {
        DeviceBuffer b = context.allocate(8L * data.length, what);
        if (data.length > 0) {
            cuMemcpyHtoD(b.pointer(), Pointer.to(data), 8L * data.length);
        }
        return b;
    }

    static void download(CudaContext context, DeviceBuffer src, long srcOffset, MemorySegment dst) {
        long bytes = dst.byteSize();
        for (long at = 0; at < bytes; at += CHUNK) {
            long n = Math.min(CHUNK, bytes - at);
            cuMemcpyDtoHAsync(Pointer.to(dst.asSlice(at, n).asByteBuffer()), src.at(srcOffset + at), n, context.stream());
        }
        context.synchronize();
    }
}
