package org.sampleattention.opencl;

import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clSetKernelArg;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * One kernel of a built program: arguments set in order with {@link #args}, then launched. Not
 * thread-safe; the engine serialises its launches.
 */
final class ClKernel implements AutoCloseable {
    private final ClContext context;
    private final String name;
    private final cl_kernel kernel;
    private final long maxWorkGroup;

    ClKernel(ClContext context, cl_program program, String name) {
        this.context = context;
        this.name = name;
        this.kernel = clCreateKernel(program, name, null);
        long[] size = new long[1];
        clGetKernelWorkGroupInfo(kernel, context.device().id(), CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t,
                Pointer.to(size), null);
        this.maxWorkGroup = size[0];
    }

    /** The largest work-group this kernel runs with on this device, capped at {@code wanted}. */
    int workGroup(int wanted) {
        return (int) Math.max(1, Math.min(wanted, maxWorkGroup));
    }

    /**
     * Sets every argument: {@link ClBuffer}, {@link Integer}, {@link Long} (a {@code ulong}), {@link Float},
     * or {@link LocalBytes} for
     * a {@code __local} pointer of that many bytes.
     */
    ClKernel args(Object... values) {
        for (int i = 0; i < values.length; i++) {
            switch (values[i]) {
                case ClBuffer b -> clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(b.mem()));
                case Integer v -> clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
                case Long v -> clSetKernelArg(kernel, i, Sizeof.cl_long, Pointer.to(new long[] {v}));
                case Float v -> clSetKernelArg(kernel, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
                case LocalBytes l -> clSetKernelArg(kernel, i, l.bytes(), null);
                default -> throw new IllegalArgumentException(name + ": argument " + i + " has unsupported type "
                        + values[i].getClass().getName());
            }
        }
        return this;
    }

    /** Enqueues the kernel over {@code global} work-items in work-groups of {@code local}. */
    void launch(long[] global, long[] local) {
        clEnqueueNDRangeKernel(context.queue(), kernel, global.length, null, global, local, 0, null, null);
    }

    /** {@code n} rounded up to a multiple of {@code multiple}. */
    static long roundUp(long n, long multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    @Override
    public void close() {
        clReleaseKernel(kernel);
    }

    /** A {@code __local} kernel argument of this many bytes. */
    record LocalBytes(long bytes) {
    }
}
