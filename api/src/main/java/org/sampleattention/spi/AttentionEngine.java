package org.sampleattention.spi;

import org.sampleattention.AttentionTensor;
import org.sampleattention.Tensor;

/**
 * A backend's working instance, bound to one device: the three stages, and residency of tensors.
 * Engines hold native resources (device contexts, buffers, thread pools) and must be closed.
 */
public interface AttentionEngine extends AutoCloseable {
    /** The {@link AttentionBackend#name()} of the backend that made this engine. */
    String backendName();

    /** A human-readable description of the device the engine computes on. */
    String device();

    /** Stage 1, sampling: column scores of the sampled queries. */
    Sampler sampler();

    /** Stage 2, filtering: column scores to a sparse plan. */
    Filter filter();

    /** Stage 3, sparse attention under a plan, and dense attention. */
    Attention attention();

    /**
     * Makes a tensor resident where this engine computes. Host engines return the tensor itself (no
     * copy, and the caller keeps owning it); device engines copy it and return a device tensor the
     * caller owns.
     */
    default AttentionTensor upload(Tensor host) {
        return host;
    }

    /** A new host tensor with the data of {@code tensor}; the caller owns it. */
    default Tensor download(AttentionTensor tensor) {
        if (tensor instanceof Tensor host) {
            return host.convertTo(host.dtype());
        }
        throw new IllegalArgumentException(backendName() + " cannot download a tensor located at "
                + tensor.location());
    }

    /** Frees every resource of the engine; idempotent. */
    @Override
    void close();
}
