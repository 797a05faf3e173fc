package org.sampleattention.cuda;

import static jcuda.driver.JCudaDriver.cuFuncSetAttribute;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;

/**
 * One PTX resource loaded into the context with {@code cuModuleLoadData} (the driver compiles it for
 * the device; nothing is compiled by the backend), and its kernels by name.
 */
final class KernelModule implements AutoCloseable {
    private static final int DEFAULT_SHARED_LIMIT = 48 * 1024;

    private final CudaContext context;
    private final String resource;
    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final Map<String, Integer> sharedLimits = new HashMap<>();

    KernelModule(CudaContext context, String resource) {
        this.context = context;
        this.resource = resource;
        byte[] ptx = read(resource);
        context.makeCurrent();
        cuModuleLoadData(module, ptx);
    }

    private static byte[] read(String resource) {
        try (InputStream in = KernelModule.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("PTX resource " + resource + " is missing from the classpath");
            }
            byte[] text = in.readAllBytes();
            byte[] terminated = new byte[text.length + 1]; // cuModuleLoadData reads a C string
            System.arraycopy(text, 0, terminated, 0, text.length);
            return terminated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PTX resource " + resource, e);
        }
    }

    synchronized CUfunction function(String name) {
        return functions.computeIfAbsent(name, n -> {
            CUfunction f = new CUfunction();
            cuModuleGetFunction(f, module, n);
            return f;
        });
    }

    /** Launches {@code name} on the engine's stream; asynchronous. */
    void launch(String name, long gridX, int gridY, int block, int sharedBytes, KernelArgs args) {
        if (gridX < 1 || gridX > Integer.MAX_VALUE || gridY < 1 || gridY > 65535) {
            throw new IllegalArgumentException("launch of " + name + " from " + resource + ": grid " + gridX + " x "
                    + gridY + " is outside the device's limits");
        }
        CUfunction f = function(name);
        if (sharedBytes > DEFAULT_SHARED_LIMIT) {
            synchronized (this) {
                if (sharedLimits.getOrDefault(name, DEFAULT_SHARED_LIMIT) < sharedBytes) {
                    cuFuncSetAttribute(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, sharedBytes);
                    sharedLimits.put(name, sharedBytes);
                }
            }
        }
        cuLaunchKernel(f, (int) gridX, gridY, 1, block, 1, 1, sharedBytes, context.stream(), args.toPointer(), null);
    }

    /** Unloads the module: engines share a device's primary context, which outlives any one engine. */
    @Override
    public synchronized void close() {
        context.makeCurrent();
        cuModuleUnload(module);
        functions.clear();
    }
}
