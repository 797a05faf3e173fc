package org.sampleattention.cli.tensorfile;

import org.sampleattention.Tensor;

/**
 * An attention tensor read from a file: {@code [heads, tokens, headDim]} in memory the caller owns
 * (close it), and how the file laid it out, so the output can be written the same way.
 *
 * @param batched whether the file stored it as {@code [1, heads, tokens, headDim]}
 */
public record LoadedTensor(Tensor tensor, TensorFileFormat format, boolean batched) implements AutoCloseable {

    @Override
    public void close() {
        tensor.close();
    }
}
