package org.sampleattention.cuda;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import jcuda.CudaException;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.Shape;
import org.sampleattention.Tensor;
import org.sampleattention.spi.Attention;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Filter;
import org.sampleattention.spi.Sampler;

/**
 * A cuda engine: one device context and stream, the kernel modules (loaded on first use), and the
 * three stages. Calls from several threads are serialised on the engine's stream; each makes the
 * context current on its own thread. Closing frees every device allocation the engine made.
 */
final class CudaEngine implements AttentionEngine {
    private static final System.Logger LOG = System.getLogger(CudaEngine.class.getName());

    private final CudaContext context;
    private final ReentrantLock lock = new ReentrantLock();
    private KernelModule attentionKernels;
    private KernelModule hopperAttentionKernels;
    private KernelModule hopperSamplingKernels;
    private KernelModule samplingKernels;
    private KernelModule filterKernels;
    private KernelModule checkKernels;
    private KernelModule layoutKernels;
    /** Whether this engine runs attention and sampling on the Hopper kernels where they apply. */
    private boolean hopper;
    /** Whether head dims without tile kernels run padded to the next one with them ({@link HeadDimPadding}). */
    private final boolean padHeadDims;
    private final CudaSampler sampler = new CudaSampler(this);
    private final CudaFilter filter = new CudaFilter(this);
    private final CudaAttention attention = new CudaAttention(this);

    CudaEngine(DeviceInfo info) {
        this.hopper = HopperKernels.enabledOn(info);
        this.padHeadDims = HeadDimPadding.enabled();
        this.context = new CudaContext(info);
    }

    @Override
    public String backendName() {
        return CudaBackend.NAME;
    }

    @Override
    public String device() {
        return context.info().label();
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

    CudaContext context() {
        return context;
    }

    /** The head dim the kernels run inputs of this dtype and head dim at (see {@link HeadDimPadding}). */
    int runDim(DType dtype, int headDim) {
        return padHeadDims ? HeadDimPadding.runDim(dtype, headDim) : headDim;
    }

    KernelModule attentionKernels() {
        if (attentionKernels == null) {
            attentionKernels = new KernelModule(context, "attention.ptx");
        }
        return attentionKernels;
    }

    /**
     * attention_sm90a.ptx where this engine uses the Hopper kernels for the dtype and head dim (see
     * {@link HopperKernels}); null where the mma.sync kernels serve the call.
     */
    KernelModule hopperAttentionKernels(DType dtype, int headDim) {
        if (hopperAttentionKernels == null && usesHopper(dtype, headDim)) {
            hopperAttentionKernels = loadHopper(HopperKernels.ATTENTION_MODULE);
        }
        return usesHopper(dtype, headDim) ? hopperAttentionKernels : null;
    }

    /** sampling_sm90a.ptx, as {@link #hopperAttentionKernels}. */
    KernelModule hopperSamplingKernels(DType dtype, int headDim) {
        if (hopperSamplingKernels == null && usesHopper(dtype, headDim)) {
            hopperSamplingKernels = loadHopper(HopperKernels.SAMPLING_MODULE);
        }
        return usesHopper(dtype, headDim) ? hopperSamplingKernels : null;
    }

    private boolean usesHopper(DType dtype, int headDim) {
        return hopper && HopperKernels.covers(dtype, headDim);
    }

    /** A Hopper module, or null after turning the Hopper kernels off for good when the driver rejects it. */
    private KernelModule loadHopper(String resource) {
        try {
            return new KernelModule(context, resource);
        } catch (CudaException e) {
            hopper = false;
            LOG.log(System.Logger.Level.WARNING, "the driver rejects " + resource + " on " + context.info().label()
                    + " (" + e.getMessage() + "); the mma.sync kernels serve this engine");
            return null;
        }
    }

    KernelModule samplingKernels() {
        if (samplingKernels == null) {
            samplingKernels = new KernelModule(context, "sampling.ptx");
        }
        return samplingKernels;
    }

    KernelModule filterKernels() {
        if (filterKernels == null) {
            filterKernels = new KernelModule(context, "filter.ptx");
        }
        return filterKernels;
    }

    KernelModule checkKernels() {
        if (checkKernels == null) {
            checkKernels = new KernelModule(context, "checks.ptx");
        }
        return checkKernels;
    }

    KernelModule layoutKernels() {
        if (layoutKernels == null) {
            layoutKernels = new KernelModule(context, "layout.ptx");
        }
        return layoutKernels;
    }

    /** Runs {@code work} holding the engine, with its context current on this thread. */
    <T> T call(Supplier<T> work) {
        lock.lock();
        try {
            context.makeCurrent();
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CudaTensor upload(Tensor host) {
        return call(() -> uploadLocked(host));
    }

    CudaTensor uploadLocked(Tensor host) {
        DeviceBuffer buffer = context.allocate(host.byteSize(), "tensor " + host.shape() + " " + host.dtype());
        try {
            HostCopies.upload(context, host.segment(), buffer, 0);
        } catch (RuntimeException e) {
            buffer.close();
            throw e;
        }
        return new CudaTensor(buffer, host.dtype(), host.shape());
    }

    @Override
    public Tensor download(AttentionTensor tensor) {
        if (tensor instanceof Tensor host) {
            return host.convertTo(host.dtype());
        }
        CudaTensor device = owned(tensor, "tensor");
        return call(() -> downloadLocked(device));
    }

    Tensor downloadLocked(CudaTensor device) {
        Shape shape = device.shape();
        Tensor host = Tensor.allocate(device.dtype(), shape.dims());
        try {
            HostCopies.download(context, device.buffer(), 0, host.segment());
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        return host;
    }

    /** {@code tensor} as a device tensor of this engine, or a clear error naming {@code what}. */
    CudaTensor owned(AttentionTensor tensor, String what) {
        if (tensor instanceof CudaTensor c) {
            if (c.buffer().context() != context) {
                throw new IllegalArgumentException(what + " is resident on another cuda engine (" + c.location()
                        + "): download it and upload it to this one");
            }
            return c;
        }
        throw new IllegalArgumentException(what + " is resident at " + tensor.location()
                + ", which the cuda backend cannot read");
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!context.isClosed()) {
                context.makeCurrent();
                try {
                    context.synchronize(); // no kernel of a module may still run when it is unloaded
                } catch (jcuda.CudaException e) {
                    // a faulted stream: unloading and freeing below still release what they can
                }
                for (KernelModule m : new KernelModule[] {attentionKernels, hopperAttentionKernels, samplingKernels,
                        hopperSamplingKernels, filterKernels, checkKernels, layoutKernels}) {
                    if (m != null) {
                        m.close();
                    }
                }
                attentionKernels = hopperAttentionKernels = samplingKernels = hopperSamplingKernels = null;
                filterKernels = checkKernels = layoutKernels = null;
            }
            context.close();
        } finally {
            lock.unlock();
        }
    }
}
