package org.sampleattention.cli.tensorfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

class TensorFilesRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} batched={2}")
    @CsvSource({
            "NPY, F32, false", "NPY, F16, false", "NPY, F32, true", "NPY, F16, true",
            "SAFETENSORS, F32, false", "SAFETENSORS, F16, false", "SAFETENSORS, BF16, false",
            "SAFETENSORS, BF16, true"})
    void writesAndReadsBackTheSameTensor(TensorFileFormat format, DType dtype, boolean batched) throws IOException {
        float[] values = randomValues(3 * 17 * 5, 42);
        Path file = dir.resolve("t" + format.extension());
        try (Tensor original = Tensor.of(dtype, values, 3, 17, 5)) {
            TensorFiles.write(file, format, original, batched, "out");
            try (LoadedTensor loaded = TensorFiles.read(file, "out")) {
                assertEquals(dtype, loaded.tensor().dtype());
                assertEquals(original.shape(), loaded.tensor().shape());
                assertEquals(format, loaded.format());
                assertEquals(batched, loaded.batched());
                // the same bits, not merely close values: the file stores the dtype as is
                assertArrayEquals(original.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                        loaded.tensor().segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
        }
    }

    @Test
    void readsArraysThatNumpyWrote() throws IOException {
        float[] expected = new float[24];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i * 0.25f - 1;
        }
        for (String name : new String[] {"f32.npy", "f16.npy", "f32_batched.npy", "f32_v2.npy"}) {
            try (LoadedTensor t = TensorFiles.read(fixture(name), "ignored")) {
                assertEquals(org.sampleattention.Shape.of(2, 3, 4), t.tensor().shape(), name);
                assertEquals(name.startsWith("f16") ? DType.F16 : DType.F32, t.tensor().dtype(), name);
                assertEquals(name.contains("batched"), t.batched(), name);
                assertArrayEquals(expected, t.tensor().toFloatArray(), name);
            }
        }
    }

    @Test
    void readsEachDtypeOfASafetensorsFileWrittenToTheSpecification() throws IOException {
        float[] expected = new float[24];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i * 0.25f - 1;
        }
        Path file = fixture("mixed.safetensors");
        String[] names = {"q", "k", "v"};
        DType[] dtypes = {DType.F32, DType.F16, DType.BF16};
        for (int i = 0; i < names.length; i++) {
            try (LoadedTensor t = TensorFiles.read(file, names[i])) {
                assertEquals(dtypes[i], t.tensor().dtype());
                assertArrayEquals(expected, t.tensor().toFloatArray(), names[i]);
            }
        }
    }

    @Test
    void writesNpyFilesByteForByteAsNumpyDoes() throws IOException {
        float[] values = new float[24];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 1;
        }
        for (DType dtype : new DType[] {DType.F32, DType.F16}) {
            Path file = dir.resolve(dtype + ".npy");
            try (Tensor t = Tensor.of(dtype, values, 2, 3, 4)) {
                TensorFiles.write(file, TensorFileFormat.NPY, t, false, "unused");
            }
            String numpyFile = dtype == DType.F32 ? "f32.npy" : "f16.npy";
            assertArrayEquals(Files.readAllBytes(fixture(numpyFile)), Files.readAllBytes(file), numpyFile);
        }
    }

    static float[] randomValues(int n, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private Path fixture(String name) throws IOException {
        Path target = dir.resolve("fixture-" + name);
        try (InputStream in = getClass().getResourceAsStream("/tensorfiles/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }
}
