package org.sampleattention.opencl;

import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetPlatformIDs;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Enumerates OpenCL devices and picks the one the backend uses: the device named by the system
 * property {@value #PROPERTY} (an index into {@link #all()} or a case-insensitive substring of its
 * name), else the first GPU, else the first device of any kind.
 */
final class DeviceChoice {
    static final String PROPERTY = "sampleattention.opencl.device";

    private DeviceChoice() {
    }

    /**
     * Every device of every platform, in platform order. Loads JOCL's native library (and with it the
     * ICD loader) on first use, so callers that must not throw catch {@link LinkageError}.
     */
    static List<ClDevice> all() {
        CL.setExceptionsEnabled(true);
        int[] count = new int[1];
        clGetPlatformIDs(0, null, count);
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        List<ClDevice> devices = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            cl_device_id[] ids;
            try {
                int[] n = new int[1];
                clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
                ids = new cl_device_id[n[0]];
                clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            } catch (CLException noDevices) {
                continue; // a platform without devices (CL_DEVICE_NOT_FOUND) offers nothing to choose
            }
            for (cl_device_id id : ids) {
                devices.add(ClDevice.query(devices.size(), platform, id));
            }
        }
        return devices;
    }

    /** The device to use among {@code devices}, following the property, then GPU first. */
    static ClDevice choose(List<ClDevice> devices) {
        if (devices.isEmpty()) {
            throw new IllegalStateException("no OpenCL device found on any platform");
        }
        String wanted = System.getProperty(PROPERTY, "").trim();
        if (!wanted.isEmpty()) {
            return byRequest(devices, wanted);
        }
        return devices.stream().filter(ClDevice::isGpu).findFirst().orElse(devices.getFirst());
    }

    private static ClDevice byRequest(List<ClDevice> devices, String wanted) {
        if (wanted.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(wanted);
            if (index < devices.size()) {
                return devices.get(index);
            }
        } else {
            for (ClDevice d : devices) {
                if (d.name().toLowerCase().contains(wanted.toLowerCase())) {
                    return d;
                }
            }
        }
        throw new IllegalStateException("-D" + PROPERTY + "=" + wanted + " matches no OpenCL device; found: "
                + devices.stream().map(ClDevice::describe).toList());
    }
}
