package org.sampleattention.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import jcuda.CudaException;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/**
 * Loads JCuda's native driver binding and initialises the driver, once per JVM. Every failure on
 * the way (no native library, no libcuda, no device, an old device) becomes a reason string rather
 * than an exception, so that discovery never fails because a machine has no GPU.
 */
final class CudaDriver {
    /** The device index to use, from {@code -Dsampleattention.cuda.device} (default 0). */
    static final String DEVICE_PROPERTY = "sampleattention.cuda.device";

    private static volatile Result result;

    private CudaDriver() {
    }

    /** The outcome of loading and initialising: a device, or why there is none. */
    record Result(DeviceInfo device, String failure) {
        boolean ok() {
            return device != null;
        }
    }

    static Result load() {
        Result r = result;
        if (r == null) {
            synchronized (CudaDriver.class) {
                r = result;
                if (r == null) {
                    r = result = initialise(requestedDevice());
                }
            }
        }
        return r;
    }

    private static int requestedDevice() {
        String value = System.getProperty(DEVICE_PROPERTY, "0");
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Result initialise(int index) {
        if (index < 0) {
            return new Result(null, "-D" + DEVICE_PROPERTY + "=" + System.getProperty(DEVICE_PROPERTY)
                    + " is not a device index");
        }
        try {
            JCudaDriver.setExceptionsEnabled(true);
            jcuda.runtime.JCuda.setExceptionsEnabled(true);
            cuInit(0);
            int[] count = new int[1];
            cuDeviceGetCount(count);
            if (count[0] == 0) {
                return new Result(null, "the CUDA driver found no device");
            }
            if (index >= count[0]) {
                return new Result(null, "device " + index + " requested but the driver found " + count[0]);
            }
            CUdevice device = new CUdevice();
            cuDeviceGet(device, index);
            byte[] name = new byte[256];
            cuDeviceGetName(name, name.length, device);
            long[] memory = new long[1];
            cuDeviceTotalMem(memory, device);
            int major = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
            int minor = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
            int sms = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
            int[] driver = new int[1];
            cuDriverGetVersion(driver);
            DeviceInfo info = new DeviceInfo(index, cString(name), memory[0], major, minor, sms, driver[0]);
            if (major < DeviceInfo.MIN_MAJOR) {
                return new Result(null, info.summary() + ": the kernels need compute capability "
                        + DeviceInfo.MIN_MAJOR + ".0 or newer");
            }
            return new Result(info, null);
        } catch (LinkageError e) {
            return new Result(null, "JCuda's native driver library could not be loaded (no NVIDIA driver, or an"
                    + " unsupported platform): " + firstLine(e));
        } catch (CudaException e) {
            return new Result(null, "the CUDA driver failed to initialise: " + firstLine(e));
        } catch (RuntimeException e) {
            return new Result(null, "CUDA initialisation failed: " + firstLine(e));
        }
    }

    /** JCuda's loader quotes whole stack traces in its messages; a probe reason is one line. */
    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        cuDeviceGetAttribute(value, attribute, device);
        return value[0];
    }

    private static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.US_ASCII);
    }
}
