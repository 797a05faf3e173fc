package org.sampleattention.cuda;

import java.util.EnumSet;
import org.sampleattention.DType;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;
import org.sampleattention.spi.Capabilities;

/**
 * The CUDA backend: JCuda's driver API, kernels shipped as PTX. Loads nothing native until
 * {@link #probe()} or {@link #create()}; a machine without JCuda's natives, a driver or a device gets
 * "unavailable: reason".
 */
public final class CudaBackend implements AttentionBackend {
    public static final String NAME = "cuda";
    /** The largest head dim the row-wise kernels accept (tensor-core kernels: 64, 96, 128, 256). */
    static final int MAX_HEAD_DIM = 512;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 400;
    }

    @Override
    public Availability probe() {
        CudaDriver.Result driver = CudaDriver.load();
        if (!driver.ok()) {
            return Availability.unavailable(driver.failure());
        }
        return Availability.available(driver.device().label(), driver.device().summary());
    }

    @Override
    public Capabilities capabilities() {
        CudaDriver.Result driver = CudaDriver.load();
        long memory = driver.ok() ? driver.device().totalMemory() : -1;
        return new Capabilities(EnumSet.allOf(DType.class), 1, MAX_HEAD_DIM, 1, true, memory);
    }

    @Override
    public AttentionEngine create() {
        CudaDriver.Result driver = CudaDriver.load();
        if (!driver.ok()) {
            throw new IllegalStateException("the cuda backend is unavailable: " + driver.failure());
        }
        return new CudaEngine(driver.device());
    }
}
