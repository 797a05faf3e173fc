package org.sampleattention.cli.tensorfile;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every malformed file is rejected with a message naming the file and the problem, before allocation. */
class TensorFilesBadInputTest {
    @TempDir
    Path dir;

    @Test
    void missingFile() {
        expectProblem(dir.resolve("absent.npy"), "q", "no such file");
    }

    @Test
    void unknownExtension() throws IOException {
        expectProblem(Files.writeString(dir.resolve("q.bin"), "x"), "q", "expected a .npy or .safetensors file");
    }

    @Test
    void directory() throws IOException {
        expectProblem(Files.createDirectory(dir.resolve("d.npy")), "q", "is a directory");
    }

    @Test
    void npyWrongMagic() throws IOException {
        expectProblem(write("bad.npy", "PK\3\4 this is a zip file".getBytes(StandardCharsets.ISO_8859_1)), "q",
                "wrong magic");
    }

    @Test
    void npyTooShortForAHeader() throws IOException {
        expectProblem(write("short.npy", new byte[] {(byte) 0x93, 'N', 'U'}), "q", "truncated");
    }

    @Test
    void npyHeaderLongerThanTheFile() throws IOException {
        byte[] npy = MalformedFiles.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }", 4);
        byte[] cut = java.util.Arrays.copyOf(npy, 30);
        expectProblem(write("cut.npy", cut), "q", "truncated");
    }

    @Test
    void npyHeaderLengthOverTheLimit() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(Integer.MAX_VALUE);
        expectProblem(write("huge-header.npy", b.array()), "q", "exceeds the limit");
    }

    @Test
    void npyUnknownVersion() throws IOException {
        byte[] npy = MalformedFiles.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }", 4);
        npy[6] = 9;
        expectProblem(write("v9.npy", npy), "q", "unsupported .npy format version 9");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }|unsupported .npy dtype '<f8'",
            "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 1, 1), }|unsupported .npy dtype '<i4'",
            "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 1, 1), }|big-endian",
            "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1, 1, 1), }|structured",
            "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1, 1), }|Fortran-order",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }|is not [heads, tokens, headDim]",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999, 9999), }|overflows",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 99999999999999999999999), }|too large",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, 1024), }|truncated",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, -1), }|non-negative",
            "{'descr': '<f4', 'fortran_order': False}|exactly the keys",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), 'x': 1}|exactly the keys",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), |malformed header",
            "{'descr': '<f4', 'fortran_order': Nope, 'shape': (1, 1, 1), }|malformed header",
            "__import__('os').system('true')|malformed header",
            "{'descr': '<f4', 'descr': '<f4', 'shape': (1, 1, 1), }|duplicate key",
    })
    void npyBadHeader(String header, String problem) throws IOException {
        expectProblem(write("bad.npy", MalformedFiles.npy(1, header, 4)), "q", problem);
    }

    @Test
    void npyBatchOtherThanOne() throws IOException {
        byte[] npy = MalformedFiles.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 1, 1), }", 8);
        expectProblem(write("b.npy", npy), "q", "batch size 2");
    }

    @Test
    void npyTruncatedData() throws IOException {
        byte[] npy = MalformedFiles.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }", 4 * 23);
        expectProblem(write("t.npy", npy), "q", "truncated");
    }

    @Test
    void npyTrailingBytes() throws IOException {
        byte[] npy = MalformedFiles.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }", 8);
        expectProblem(write("t.npy", npy), "q", "unexpected bytes after the data");
    }

    @Test
    void safetensorsHeaderLengthOutOfRange() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).putLong(0);
        expectProblem(write("x.safetensors", b.array()), "q", "header length");
        ByteBuffer b2 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).putLong(0);
        expectProblem(write("y.safetensors", b2.array()), "q", "header length");
    }

    @Test
    void safetensorsTooShort() throws IOException {
        expectProblem(write("x.safetensors", new byte[] {1, 2, 3}), "q", "truncated");
    }

    @Test
    void safetensorsHeaderBeyondTheFile() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).put("{}".getBytes());
        expectProblem(write("x.safetensors", b.array()), "q", "truncated");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json at all|not a JSON object",
            "{\"q\": |malformed .safetensors header",
            "[1, 2]|not a JSON object",
            "{\"k\": {\"dtype\": \"F32\", \"shape\": [1, 1, 1], \"data_offsets\": [0, 4]}}|no tensor named 'q'",
            "{\"q\": {\"dtype\": \"F64\", \"shape\": [1, 1, 1], \"data_offsets\": [0, 8]}}|unsupported .safetensors dtype 'F64'",
            "{\"q\": {\"dtype\": \"I8\", \"shape\": [1, 1, 1], \"data_offsets\": [0, 1]}}|unsupported .safetensors dtype 'I8'",
            "{\"q\": {\"shape\": [1, 1, 1], \"data_offsets\": [0, 4]}}|has no dtype",
            "{\"q\": {\"dtype\": \"F32\", \"shape\": [1, 1.5, 1], \"data_offsets\": [0, 4]}}|non-negative integers",
            "{\"q\": {\"dtype\": \"F32\", \"shape\": [1, -1, 1], \"data_offsets\": [0, 4]}}|non-negative integers",
            "{\"q\": {\"dtype\": \"F32\", \"shape\": [1, 1, 1], \"data_offsets\": [0]}}|data_offsets must be",
            "{\"q\": {\"dtype\": \"F32\", \"shape\": [1, 1, 1], \"data_offsets\": [4, 0]}}|end before they begin",
            "{\"q\": {\"dtype\": \"F32\", \"shape\": [1, 2, 1], \"data_offsets\": [0, 4]}}|needs 8 bytes",
            "{\"q\": {\"dtype\": \"F32\", \"shape\": [1, 1, 1], \"data_offsets\": [4, 8]}}|truncated",
            "{\"q\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296, 4], \"data_offsets\": [0, 4]}}|overflows",
            "{\"q\": {\"dtype\": \"F32\", \"shape\": [1, 1, 99999999999999999999999], \"data_offsets\": [0, 4]}}|non-negative integers",
            "{\"q\": {\"dtype\": \"F32\", \"shape\": [1, 1], \"data_offsets\": [0, 4]}}|is not [heads, tokens, headDim]",
            "{\"q\": 3}|is not an object",
    })
    void safetensorsBadHeader(String json, String problem) throws IOException {
        expectProblem(write("bad.safetensors", MalformedFiles.safetensors(json, 4)), "q", problem);
    }

    @Test
    void safetensorsMetadataIsNotATensor() throws IOException {
        expectProblem(write("m.safetensors", MalformedFiles.safetensors("{\"__metadata__\": {\"a\": \"b\"}}", 0)), "__metadata__",
                "no tensor named");
    }

    private static void expectProblem(Path file, String name, String problem) {
        TensorFileException e = assertThrows(TensorFileException.class, () -> TensorFiles.read(file, name).close());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "expected '" + problem + "' in: " + e.getMessage());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
