package org.sampleattention.opencl;

import java.util.EnumSet;
import java.util.List;
import org.jocl.CLException;
import org.sampleattention.DType;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;
import org.sampleattention.spi.Capabilities;

/**
 * The OpenCL backend (JOCL): all three stages as OpenCL C kernels, on whatever device the platform
 * offers. A GPU device ranks above the cpu backend; a CPU device (such as PoCL) below it, since the
 * Vector API backend serves a CPU better. The constructor touches nothing native; JOCL and the ICD
 * loader are loaded by {@link #probe()} or {@link #create()}.
 */
public final class OpenClBackend implements AttentionBackend {
    public static final String NAME = "opencl";
    /** Largest head dim: work-items keep (half) a query row and an accumulator of it in private memory. */
    static final int MAX_HEAD_DIM = 256;
    /** On a GPU it outranks the cpu backend; on a CPU (PoCL, say) it yields to it. */
    static final int ON_GPU_PRIORITY = 300;
    static final int ON_CPU_PRIORITY = 150;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        ClDevice device = chosenOrNull();
        return device != null && device.isGpu() ? ON_GPU_PRIORITY : ON_CPU_PRIORITY;
    }

    @Override
    public Availability probe() {
        try {
            List<ClDevice> devices = DeviceChoice.all();
            if (devices.isEmpty()) {
                return Availability.unavailable("OpenCL platforms found, but no device on any of them");
            }
            ClDevice chosen = DeviceChoice.choose(devices);
            return Availability.available(chosen.describe(), devices.size() + " OpenCL device(s): "
                    + String.join("; ", devices.stream().map(ClDevice::describe).toList()));
        } catch (LinkageError e) {
            return Availability.unavailable("no OpenCL runtime (JOCL or the ICD loader could not be loaded: "
                    + e.getMessage() + "; JOCL opens libOpenCL.so, which ocl-icd-opencl-dev or a GPU driver installs)");
        } catch (CLException e) {
            return Availability.unavailable("no OpenCL platform (" + e.getMessage()
                    + "; is an ICD such as pocl-opencl-icd or a GPU driver installed?)");
        } catch (RuntimeException e) {
            return Availability.unavailable(e.getMessage());
        }
    }

    @Override
    public Capabilities capabilities() {
        ClDevice device = chosenOrNull();
        return new Capabilities(EnumSet.allOf(DType.class), 1, MAX_HEAD_DIM, 1, true,
                device == null ? -1 : device.globalMemBytes());
    }

    @Override
    public AttentionEngine create() {
        Availability availability = probe();
        if (!availability.available()) {
            throw new IllegalStateException("the opencl backend is unavailable: " + availability.reason());
        }
        return new OpenClEngine(DeviceChoice.choose(DeviceChoice.all()));
    }

    private static ClDevice chosenOrNull() {
        try {
            return DeviceChoice.choose(DeviceChoice.all());
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }
}
