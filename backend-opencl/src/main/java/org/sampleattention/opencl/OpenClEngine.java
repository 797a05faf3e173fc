package org.sampleattention.opencl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sampleattention.DType;
import org.sampleattention.AttentionTensor;
import org.sampleattention.Tensor;
import org.sampleattention.spi.Attention;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Filter;
import org.sampleattention.spi.Sampler;

/**
 * The OpenCL engine: one context and in-order queue on one device, the filter and input-check kernels
 * built when the engine is made, and the sampling and attention kernels built once per head dim on first use. Calls
 * are serialised on the engine (one queue, shared kernel arguments).
 */
final class OpenClEngine implements AttentionEngine {
    private static final System.Logger LOG = System.getLogger(OpenClEngine.class.getName());

    private final ClContext context;
    private final SharedKernels sharedKernels;
    /** Whether f16/bf16 calls this path covers run on the tensor-core kernels ({@link TensorCorePath}). */
    private final boolean tensorCores;
    private final Map<Integer, HeadDimKernels> byHeadDim = new HashMap<>();
    private final Map<String, TensorCoreKernels> tensorCoreKernels = new HashMap<>();
    private final Set<String> tensorCoreBuildFailures = new HashSet<>();
    private final OpenClSampler sampler = new OpenClSampler(this);
    private final OpenClFilter filter = new OpenClFilter(this);
    private final OpenClAttention attention = new OpenClAttention(this);
    private boolean closed;

    OpenClEngine(ClDevice device) {
        this.tensorCores = TensorCorePath.enabledOn(device);
        this.context = new ClContext(device);
        try {
            this.sharedKernels = new SharedKernels(context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    @Override
    public String backendName() {
        return OpenClBackend.NAME;
    }

    @Override
    public String device() {
        return context.device().describe();
    }

    int deviceIndex() {
        return context.device().index();
    }

    @Override
    public Sampler sampler() {
        return sampler;
    }

    @Override
    public Filter filter() {
        return filter;
    }

    @Override
    public Attention attention() {
        return attention;
    }

    ClContext context() {
        requireOpen();
        return context;
    }

    SharedKernels sharedKernels() {
        requireOpen();
        return sharedKernels;
    }

    /** The kernels for a head dim, built on first use. */
    synchronized HeadDimKernels kernelsFor(int headDim) {
        requireOpen();
        if (headDim < 1 || headDim > OpenClBackend.MAX_HEAD_DIM) {
            throw new IllegalArgumentException("head dim " + headDim + " is outside the opencl backend's range 1.."
                    + OpenClBackend.MAX_HEAD_DIM);
        }
        return byHeadDim.computeIfAbsent(headDim, d -> new HeadDimKernels(context, d));
    }

    /**
     * The tensor-core kernels for a head dim and dtype where {@link TensorCorePath} serves them, built on
     * first use; empty where it does not, or where they could not be built (said once in the log, after
     * which the portable kernels serve those calls).
     */
    synchronized Optional<TensorCoreKernels> tensorCoreKernelsFor(int headDim, DType dtype) {
        requireOpen();
        if (!tensorCores || !TensorCorePath.covers(dtype, headDim)) {
            return Optional.empty();
        }
        String key = dtype + "/" + headDim;
        if (tensorCoreBuildFailures.contains(key)) {
            return Optional.empty();
        }
        TensorCoreKernels kernels = tensorCoreKernels.get(key);
        if (kernels == null) {
            try {
                kernels = new TensorCoreKernels(context, headDim, dtype);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // a program the device's compiler rejects (ClProgram), or tiles its local memory cannot hold
                tensorCoreBuildFailures.add(key);
                LOG.log(System.Logger.Level.WARNING, "no tensor-core kernels for " + dtype + ", head dim " + headDim
                        + " on " + context.device().name() + "; the portable kernels serve them: " + e.getMessage());
                return Optional.empty();
            }
            tensorCoreKernels.put(key, kernels);
        }
        return Optional.of(kernels);
    }

    @Override
    public synchronized AttentionTensor upload(Tensor host) {
        return new ClTensor(this, copyToDevice(host, "tensor " + host.shape()), host.dtype(), host.shape());
    }

    /** A device copy of a host tensor; its values are checked where calls use it (see {@link DeviceInput}). */
    ClBuffer copyToDevice(Tensor host, String name) {
        ClBuffer buffer = context().allocate(host.byteSize(), name + " " + host.shape() + " " + host.dtype());
        try {
            context.write(buffer, host.segment());
        } catch (RuntimeException e) {
            buffer.close();
            throw e;
        }
        return buffer;
    }

    @Override
    public synchronized Tensor download(AttentionTensor tensor) {
        if (tensor instanceof ClTensor device) {
            if (device.engine() != this) {
                throw new IllegalArgumentException(device + " belongs to another OpenCL engine");
            }
            Tensor host = Tensor.allocate(device.dtype(), device.shape().dims());
            try {
                context().read(device.buffer(), host.segment());
            } catch (RuntimeException e) {
                host.close();
                throw e;
            }
            return host;
        }
        return AttentionEngine.super.download(tensor);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the opencl engine on " + context.device().name() + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        byHeadDim.values().forEach(HeadDimKernels::close);
        byHeadDim.clear();
        tensorCoreKernels.values().forEach(TensorCoreKernels::close);
        tensorCoreKernels.clear();
        sharedKernels.close();
        context.close();
    }
}
