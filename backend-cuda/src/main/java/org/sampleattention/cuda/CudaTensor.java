package org.sampleattention.cuda;

import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.Shape;

/**
 * A tensor in device memory, row-major like the host {@link org.sampleattention.Tensor}. Made by a
 * cuda engine's {@code upload} or returned by its attention calls; its data never changes after it
 * is written, so the finite-value check runs once per tensor.
 */
public final class CudaTensor implements AttentionTensor {
    private final DeviceBuffer buffer;
    private final DType dtype;
    private final Shape shape;
    private volatile boolean checkedFinite;

    CudaTensor(DeviceBuffer buffer, DType dtype, Shape shape) {
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
        return "cuda:" + buffer.context().info().index();
    }

    DeviceBuffer buffer() {
        return buffer;
    }

    long byteSize() {
        return shape.elementCount() * dtype.byteSize();
    }

    boolean checkedFinite() {
        return checkedFinite;
    }

    void markCheckedFinite() {
        checkedFinite = true;
    }

    @Override
    public void close() {
        buffer.close();
    }

    @Override
    public String toString() {
        return "CudaTensor" + shape + " " + dtype + " on " + location();
    }
}
