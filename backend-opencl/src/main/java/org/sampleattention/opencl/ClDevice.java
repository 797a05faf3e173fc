package org.sampleattention.opencl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformInfo;

import java.nio.charset.StandardCharsets;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device and the limits the kernels are sized from: work-group size, local memory, the
 * largest single allocation and the global memory.
 *
 * @param index the device's position in {@link DeviceChoice#all()} (platforms in order, then devices)
 * @param nvidiaComputeCapability major * 10 + minor on an NVIDIA device (cl_nv_device_attribute_query),
 *                                0 on any other
 */
record ClDevice(int index, cl_platform_id platform, cl_device_id id, String platformName, String name,
                String version, long type, long maxWorkGroupSize, long localMemBytes, long maxAllocBytes,
                long globalMemBytes, int nvidiaComputeCapability) {
    private static final String NV_ATTRIBUTE_QUERY = "cl_nv_device_attribute_query";
    private static final int CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV = 0x4000;
    private static final int CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV = 0x4001;

    static ClDevice query(int index, cl_platform_id platform, cl_device_id id) {
        return new ClDevice(index, platform, id, platformString(platform, CL_PLATFORM_NAME),
                deviceString(id, CL_DEVICE_NAME), deviceString(id, CL_DEVICE_VERSION), deviceLong(id, CL_DEVICE_TYPE),
                deviceLong(id, CL_DEVICE_MAX_WORK_GROUP_SIZE), deviceLong(id, CL_DEVICE_LOCAL_MEM_SIZE),
                deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE), deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE),
                nvidiaComputeCapability(id));
    }

    private static int nvidiaComputeCapability(cl_device_id id) {
        if (!deviceString(id, CL_DEVICE_EXTENSIONS).contains(NV_ATTRIBUTE_QUERY)) {
            return 0;
        }
        return 10 * deviceUint(id, CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV) + deviceUint(id, CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV);
    }

    boolean isGpu() {
        return (type & CL_DEVICE_TYPE_GPU) != 0;
    }

    boolean isCpu() {
        return (type & CL_DEVICE_TYPE_CPU) != 0;
    }

    String kind() {
        return isGpu() ? "GPU" : isCpu() ? "CPU" : "accelerator";
    }

    /**
     * A one-line description such as {@code opencl:0 NVIDIA H200 (GPU, NVIDIA CUDA, OpenCL 3.0 CUDA, 143155 MiB,
     * tensor cores)}; the last part appears where {@link TensorCorePath} serves 16-bit inputs.
     */
    String describe() {
        return "opencl:" + index + " " + name + " (" + kind() + ", " + platformName + ", " + version + ", "
                + (globalMemBytes >> 20) + " MiB" + (TensorCorePath.enabledOn(this) ? ", tensor cores" : "") + ")";
    }

    private static long deviceLong(cl_device_id id, int param) {
        long[] value = new long[1];
        clGetDeviceInfo(id, param, Sizeof.cl_ulong, Pointer.to(value), null);
        return value[0];
    }

    private static int deviceUint(cl_device_id id, int param) {
        int[] value = new int[1];
        clGetDeviceInfo(id, param, Sizeof.cl_uint, Pointer.to(value), null);
        return value[0];
    }

    private static String deviceString(cl_device_id id, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(id, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetDeviceInfo(id, param, bytes.length, Pointer.to(bytes), null);
        return text(bytes);
    }

    private static String platformString(cl_platform_id id, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(id, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetPlatformInfo(id, param, bytes.length, Pointer.to(bytes), null);
        return text(bytes);
    }

    private static String text(byte[] zeroTerminated) {
        int n = zeroTerminated.length;
        while (n > 0 && zeroTerminated[n - 1] == 0) {
            n--;
        }
        return new String(zeroTerminated, 0, n, StandardCharsets.UTF_8).trim();
    }
}
