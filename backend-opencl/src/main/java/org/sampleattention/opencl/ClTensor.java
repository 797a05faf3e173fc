package org.sampleattention.opencl;

import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.Shape;

/** A tensor resident in an OpenCL engine's device memory, in the same layout as a host {@code Tensor}. */
public final class ClTensor implements AttentionTensor {
    private final OpenClEngine engine;
    private final ClBuffer buffer;
    private final DType dtype;
    private final Shape shape;

    ClTensor(OpenClEngine engine, ClBuffer buffer, DType dtype, Shape shape) {
        this.engine = engine;
        this.buffer = buffer;
        this.dtype = dtype;
        this.shape = shape;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public String location() {
        return "opencl:" + engine.deviceIndex();
    }

    OpenClEngine engine() {
        return engine;
    }

    ClBuffer buffer() {
        return buffer;
    }

    @Override
    public void close() {
        buffer.close();
    }

    @Override
    public String toString() {
        return "ClTensor" + shape + " " + dtype + " at " + location();
    }
}
