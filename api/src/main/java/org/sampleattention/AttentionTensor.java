package org.sampleattention;

/**
 * A tensor an attention call accepts: a host {@link Tensor}, or a device-resident tensor that an
 * engine handed back from {@code upload}. Engines accept host tensors and their own device tensors,
 * and reject another engine's device tensors with a clear message.
 */
public interface AttentionTensor extends AutoCloseable {
    /** The element type, the same wherever the data lives. */
    DType dtype();

    /** {@code [heads, tokens, headDim]} for attention inputs and outputs. */
    Shape shape();

    /** Where the data lives: {@code "host"} or a device description such as {@code "cuda:0"}. */
    String location();

    /** Releases the memory behind the tensor (host or device); idempotent. */
    @Override
    void close();
}
