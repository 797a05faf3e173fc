package org.sampleattention.cli.tensorfile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.sampleattention.Tensor;

/**
 * Reads and writes attention tensors ({@code [heads, tokens, headDim]}, optionally with a leading
 * batch dimension of 1) as {@code .npy} or {@code .safetensors}. Headers are parsed defensively
 * (bounded length, checked shape products), the declared data size is checked against the file before
 * anything is allocated, and the data goes straight into off-heap memory.
 */
public final class TensorFiles {
    private TensorFiles() {
    }

    /**
     * Reads the attention tensor in {@code file}; {@code name} picks the tensor of a
     * {@code .safetensors} file and is ignored for {@code .npy}.
     */
    public static LoadedTensor read(Path file, String name) throws IOException {
        TensorFileFormat format = TensorFileFormat.of(file);
        if (Files.isDirectory(file)) {
            throw new TensorFileException(file, "is a directory, not a tensor file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            TensorHeader header = switch (format) {
                case NPY -> NpyFormat.readHeader(channel, file);
                case SAFETENSORS -> SafetensorsFormat.readHeader(channel, file, name);
            };
            long[] dims = header.dims();
            boolean batched = dims.length == 4;
            if (batched && dims[0] != 1) {
                throw new TensorFileException(file, "shape " + Arrays.toString(dims) + " has batch size " + dims[0]
                        + ": only [heads, tokens, headDim] or a batch of 1 is supported");
            }
            if (dims.length != 3 && !batched) {
                throw new TensorFileException(file, "shape " + Arrays.toString(dims)
                        + " is not [heads, tokens, headDim] (or [1, heads, tokens, headDim])");
            }
            long[] attentionDims = batched ? Arrays.copyOfRange(dims, 1, 4) : dims;
            Tensor tensor;
            try {
                tensor = Tensor.allocate(header.dtype(), attentionDims);
            } catch (IllegalArgumentException e) {
                throw new TensorFileException(file, "too large to load: " + e.getMessage());
            }
            try {
                ChannelCopy.read(channel, header.dataOffset(), tensor.segment());
            } catch (IOException e) {
                tensor.close();
                throw new TensorFileException(file, "truncated: " + e.getMessage(), e);
            }
            return new LoadedTensor(tensor, format, batched);
        } catch (NoSuchFileException e) {
            throw new TensorFileException(file, "no such file");
        }
    }

    /**
     * Writes a {@code [heads, tokens, headDim]} tensor in {@code format}, with a leading batch dimension
     * of 1 if {@code batched}; {@code name} names it in a {@code .safetensors} file.
     */
    public static void write(Path file, TensorFileFormat format, Tensor tensor, boolean batched, String name)
            throws IOException {
        long[] dims = tensor.shape().dims();
        if (batched) {
            long[] withBatch = new long[dims.length + 1];
            withBatch[0] = 1;
            System.arraycopy(dims, 0, withBatch, 1, dims.length);
            dims = withBatch;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            switch (format) {
                case NPY -> NpyFormat.write(channel, tensor, dims);
                case SAFETENSORS -> SafetensorsFormat.write(channel, tensor, dims, name);
            }
        } catch (NoSuchFileException e) {
            throw new TensorFileException(file, "cannot create the file: its directory does not exist");
        }
    }
}
