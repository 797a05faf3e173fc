package org.sampleattention.cli.tensorfile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

/**
 * Hugging Face's {@code .safetensors}: an 8-byte little-endian header length, a JSON header mapping
 * tensor names to {@code dtype}, {@code shape} and {@code data_offsets} (relative to the end of the
 * header), then the data. We read and write F32, F16 and BF16 tensors.
 */
final class SafetensorsFormat {
    /** The limit the reference implementation enforces on the JSON header. */
    static final long MAX_HEADER_LENGTH = 100_000_000;
    private static final int ALIGNMENT = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsFormat() {
    }

    static TensorHeader readHeader(FileChannel channel, Path file, String name) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new TensorFileException(file, "truncated: " + fileSize + " bytes is too short for a .safetensors header");
        }
        long headerLength = ChannelCopy.readBytes(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_LENGTH) {
            throw new TensorFileException(file, "not a .safetensors file: header length " + Long.toUnsignedString(headerLength)
                    + " is outside [2, " + MAX_HEADER_LENGTH + "]");
        }
        if (8 + headerLength > fileSize) {
            throw new TensorFileException(file, "truncated: the .safetensors header needs " + headerLength
                    + " bytes but the file has " + (fileSize - 8) + " after the length");
        }
        ByteBuffer headerBytes = ChannelCopy.readBytes(channel, 8, (int) headerLength);
        if (headerBytes.get(0) != '{') {
            throw new TensorFileException(file, "not a .safetensors file: the header is not a JSON object");
        }
        JsonNode header;
        try {
            header = JSON.readTree(StandardCharsets.UTF_8.decode(headerBytes).toString());
        } catch (JacksonException e) {
            throw new TensorFileException(file, "malformed .safetensors header: " + e.getOriginalMessage());
        }
        if (!(header instanceof ObjectNode object)) {
            throw new TensorFileException(file, "malformed .safetensors header: not a JSON object");
        }
        JsonNode entry = object.get(name);
        if (entry == null || name.equals("__metadata__")) {
            throw new TensorFileException(file, "no tensor named '" + name + "' (the file holds " + tensorNames(object)
                    + "; choose one with --q-name, --k-name or --v-name)");
        }
        if (!entry.isObject()) {
            throw new TensorFileException(file, "malformed .safetensors header: entry '" + name + "' is not an object");
        }
        DType dtype = dtypeOf(file, name, entry.get("dtype"));
        long[] dims = longs(file, name, "shape", entry.get("shape"), -1);
        long[] offsets = longs(file, name, "data_offsets", entry.get("data_offsets"), 2);
        long bytes = TensorHeader.checkedByteSize(file, dtype, dims);
        long dataStart = 8 + headerLength;
        long available = fileSize - dataStart;
        if (offsets[0] > offsets[1]) {
            throw new TensorFileException(file, "malformed .safetensors header: '" + name + "' data_offsets "
                    + Arrays.toString(offsets) + " end before they begin");
        }
        if (offsets[1] - offsets[0] != bytes) {
            throw new TensorFileException(file, "malformed .safetensors header: '" + name + "' of shape "
                    + Arrays.toString(dims) + " and dtype " + dtype + " needs " + bytes + " bytes but data_offsets "
                    + Arrays.toString(offsets) + " span " + (offsets[1] - offsets[0]));
        }
        if (offsets[1] > available) {
            throw new TensorFileException(file, "truncated: '" + name + "' ends at data byte " + offsets[1]
                    + " but the file holds " + available + " data bytes");
        }
        return new TensorHeader(dtype, dims, dataStart + offsets[0], bytes);
    }

    /** Writes one tensor named {@code name}; the header is space-padded so the data is 8-byte aligned. */
    static void write(FileChannel channel, Tensor tensor, long[] dims, String name) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode entry = header.putObject(name);
        entry.put("dtype", tensor.dtype().name());
        var shape = entry.putArray("shape");
        for (long d : dims) {
            shape.add(d);
        }
        entry.putArray("data_offsets").add(0L).add(tensor.byteSize());
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        prefix.flip();
        while (prefix.hasRemaining()) {
            channel.write(prefix);
        }
        ChannelCopy.write(channel, tensor.segment());
    }

    private static DType dtypeOf(Path file, String name, JsonNode dtype) throws TensorFileException {
        if (dtype == null || !dtype.isTextual()) {
            throw new TensorFileException(file, "malformed .safetensors header: '" + name + "' has no dtype");
        }
        return switch (dtype.asText()) {
            case "F32" -> DType.F32;
            case "F16" -> DType.F16;
            case "BF16" -> DType.BF16;
            default -> throw new TensorFileException(file, "unsupported .safetensors dtype '" + dtype.asText()
                    + "' of tensor '" + name + "': expected F32, F16 or BF16");
        };
    }

    /** A JSON array of non-negative 64-bit integers, of the given length unless it is -1. */
    private static long[] longs(Path file, String name, String field, JsonNode node, int length)
            throws TensorFileException {
        String problem = "malformed .safetensors header: '" + name + "' " + field
                + " must be an array of non-negative integers";
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw new TensorFileException(file, problem + (length >= 0 ? " of length " + length : ""));
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw new TensorFileException(file, problem + ", got " + node);
            }
            values[i] = v.asLong();
        }
        return values;
    }

    private static List<String> tensorNames(ObjectNode header) {
        List<String> names = new ArrayList<>();
        header.fieldNames().forEachRemaining(n -> {
            if (!n.equals("__metadata__")) {
                names.add(n);
            }
        });
        return names;
    }
}
