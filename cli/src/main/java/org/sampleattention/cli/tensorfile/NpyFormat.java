package org.sampleattention.cli.tensorfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

/**
 * NumPy's {@code .npy} format (versions 1.0 to 3.0): a magic string, a version, a length-prefixed
 * Python dictionary header, then the raw array. We read and write little-endian float32
 * ({@code <f4}) and float16 ({@code <f2}) arrays in C order; numpy has no bfloat16.
 */
final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy itself refuses headers over 10000 bytes by default; we allow more but stay bounded. */
    static final int MAX_HEADER_LENGTH = 1 << 16;
    private static final int ALIGNMENT = 64;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    private NpyFormat() {
    }

    static TensorHeader readHeader(FileChannel channel, Path file) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 10) {
            throw new TensorFileException(file, "truncated: " + fileSize + " bytes is too short for an .npy header");
        }
        ByteBuffer prefix = ChannelCopy.readBytes(channel, 0, 10).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix.get(i) != MAGIC[i]) {
                throw new TensorFileException(file, "not an .npy file (wrong magic bytes)");
            }
        }
        int major = prefix.get(6) & 0xff;
        long headerLength;
        int headerStart;
        Charset charset;
        switch (major) {
            case 1 -> {
                headerLength = prefix.getShort(8) & 0xffff;
                headerStart = 10;
                charset = StandardCharsets.ISO_8859_1;
            }
            case 2, 3 -> {
                if (fileSize < 12) {
                    throw new TensorFileException(file, "truncated in the .npy header");
                }
                headerLength = ChannelCopy.readBytes(channel, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
                headerStart = 12;
                charset = major == 2 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
            }
            default -> throw new TensorFileException(file, "unsupported .npy format version " + major + "."
                    + (prefix.get(7) & 0xff) + " (expected 1.0, 2.0 or 3.0)");
        }
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new TensorFileException(file, ".npy header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_LENGTH + " bytes");
        }
        if (headerStart + headerLength > fileSize) {
            throw new TensorFileException(file, "truncated: the .npy header needs " + headerLength
                    + " bytes but the file has " + (fileSize - headerStart) + " after the prefix");
        }
        String text = charset.decode(ChannelCopy.readBytes(channel, headerStart, (int) headerLength)).toString();
        Map<String, Object> dict;
        try {
            dict = NpyHeaderDict.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(file, ".npy " + e.getMessage());
        }
        if (!dict.keySet().equals(KEYS)) {
            throw new TensorFileException(file, ".npy header must hold exactly the keys descr, fortran_order and "
                    + "shape, got " + dict.keySet());
        }
        DType dtype = dtypeOf(file, dict.get("descr"));
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new TensorFileException(file, ".npy header: fortran_order must be True or False");
        }
        if (fortran) {
            throw new TensorFileException(file, "Fortran-order (column-major) arrays are not supported: save a "
                    + "C-order array (numpy.ascontiguousarray)");
        }
        long[] dims = shapeOf(file, dict.get("shape"));
        long dataOffset = headerStart + headerLength;
        long bytes = TensorHeader.checkedByteSize(file, dtype, dims);
        long available = fileSize - dataOffset;
        if (available < bytes) {
            throw new TensorFileException(file, "truncated: shape " + Arrays.toString(dims) + " of " + describe(dtype)
                    + " needs " + bytes + " data bytes but the file has " + available);
        }
        if (available > bytes) {
            throw new TensorFileException(file, "malformed: " + (available - bytes) + " unexpected bytes after the "
                    + "data of shape " + Arrays.toString(dims));
        }
        return new TensorHeader(dtype, dims, dataOffset, bytes);
    }

    static void write(FileChannel channel, Tensor tensor, long[] dims) throws IOException {
        String descr = switch (tensor.dtype()) {
            case F32 -> "<f4";
            case F16 -> "<f2";
            case BF16 -> throw new IllegalArgumentException(".npy has no bfloat16 type: write .safetensors instead");
        };
        StringJoiner shape = new StringJoiner(", ", "(", dims.length == 1 ? ",)" : ")");
        for (long d : dims) {
            shape.add(Long.toString(d));
        }
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': "
                + shape + ", }");
        // numpy pads the header with spaces and a newline so that the data starts 64-byte aligned
        int unpadded = 10 + header.length() + 1;
        header.append(" ".repeat((ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT)).append('\n');
        if (header.length() > 0xffff) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " makes an .npy header too long");
        }
        ByteBuffer prefix = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        prefix.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        prefix.put(header.toString().getBytes(StandardCharsets.ISO_8859_1)).flip();
        while (prefix.hasRemaining()) {
            channel.write(prefix);
        }
        ChannelCopy.write(channel, tensor.segment());
    }

    private static DType dtypeOf(Path file, Object descr) throws TensorFileException {
        if (!(descr instanceof String s)) {
            throw new TensorFileException(file, "unsupported .npy dtype " + descr + " (structured arrays are not "
                    + "supported): expected <f4 (float32) or <f2 (float16)");
        }
        return switch (s) {
            case "<f4" -> DType.F32;
            case "<f2" -> DType.F16;
            case ">f4", ">f2" -> throw new TensorFileException(file, "big-endian .npy dtype '" + s
                    + "' is not supported: expected little-endian <f4 or <f2 (numpy: arr.astype('<f4'))");
            default -> throw new TensorFileException(file, "unsupported .npy dtype '" + s
                    + "': expected <f4 (float32) or <f2 (float16)");
        };
    }

    private static long[] shapeOf(Path file, Object shape) throws TensorFileException {
        if (!(shape instanceof List<?> list)) {
            throw new TensorFileException(file, ".npy header: shape must be a tuple of integers");
        }
        long[] dims = new long[list.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(list.get(i) instanceof Long d) || d < 0) {
                throw new TensorFileException(file, ".npy header: shape " + list + " must hold non-negative integers");
            }
            dims[i] = d;
        }
        return dims;
    }

    private static String describe(DType dtype) {
        return dtype.name().toLowerCase(java.util.Locale.ROOT);
    }
}
