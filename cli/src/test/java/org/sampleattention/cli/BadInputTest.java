package org.sampleattention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sampleattention.DType;
import org.sampleattention.Tensor;
import org.sampleattention.cli.tensorfile.MalformedFiles;
import org.sampleattention.cli.tensorfile.TensorFileFormat;
import org.sampleattention.cli.tensorfile.TensorFiles;

/** Every bad input of issue 5 through the command: one line on stderr naming the problem, exit 2. */
class BadInputTest {
    @TempDir
    Path dir;

    private Path q, k, v, out;

    @BeforeEach
    void validInputs() throws IOException {
        TestTensors.writeSet(dir, TensorFileFormat.NPY, DType.F32, 4, 2, 32, 8);
        q = dir.resolve("q.npy");
        k = dir.resolve("k.npy");
        v = dir.resolve("v.npy");
        out = dir.resolve("o.npy");
    }

    private Cli run(Path qFile, Path kFile, Path vFile, String... extra) {
        String[] base = {"run", "--q", qFile.toString(), "--k", kFile.toString(), "--v", vFile.toString(), "--out",
                out.toString(), "--backend", "reference"};
        return Cli.run(RunCommandTest.concat(base, extra));
    }

    @Test
    void missingFile() {
        run(dir.resolve("absent.npy"), k, v).badInput("absent.npy: no such file");
    }

    @Test
    void wrongMagic() throws IOException {
        run(q, Files.writeString(dir.resolve("bad.npy"), "GIF89a not numpy"), v).badInput("wrong magic");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] whole = Files.readAllBytes(k);
        Path cut = Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(whole, whole.length - 5));
        run(q, cut, v).badInput("truncated");
    }

    @Test
    void malformedHeader() throws IOException {
        Path bad = Files.write(dir.resolve("m.npy"), MalformedFiles.npy(1, 
                "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 32, 8}", 4 * 32 * 8 * 4));
        run(bad, k, v).badInput("malformed header");
    }

    @Test
    void unsupportedDtype() throws IOException {
        Path f8 = Files.write(dir.resolve("f8.npy"), MalformedFiles.npy(1, 
                "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 32, 8), }", 4 * 32 * 8 * 8));
        run(f8, k, v).badInput("unsupported .npy dtype '<f8'");
    }

    @Test
    void unsupportedSafetensorsDtype() throws IOException {
        Path i32 = Files.write(dir.resolve("i.safetensors"), MalformedFiles.safetensors(
                "{\"q\": {\"dtype\": \"I32\", \"shape\": [1, 1, 1], \"data_offsets\": [0, 4]}}", 4));
        run(i32, k, v).badInput("unsupported .safetensors dtype 'I32'");
    }

    @Test
    void keysAndValuesOfDifferentShapes() throws IOException {
        try (Tensor longer = TestTensors.values(DType.F32, 2, 33, 8, 5)) {
            TensorFiles.write(dir.resolve("v33.npy"), TensorFileFormat.NPY, longer, false, "v");
        }
        run(q, k, dir.resolve("v33.npy")).badInput("must have the same shape");
    }

    @Test
    void headDimsThatDiffer() throws IOException {
        try (Tensor q16 = TestTensors.queries(DType.F32, 4, 32, 16, 5)) {
            TensorFiles.write(dir.resolve("q16.npy"), TensorFileFormat.NPY, q16, false, "q");
        }
        run(dir.resolve("q16.npy"), k, v).badInput("head dim of q (16) differs");
    }

    @Test
    void mixedDtypes() throws IOException {
        try (Tensor k16 = TestTensors.keys(DType.F16, 2, 32, 8, 5)) {
            TensorFiles.write(dir.resolve("k16.npy"), TensorFileFormat.NPY, k16, false, "k");
        }
        run(q, dir.resolve("k16.npy"), v).badInput("must share one dtype");
    }

    @Test
    void gqaHeadsThatDoNotDivide() throws IOException {
        try (Tensor q3 = TestTensors.queries(DType.F32, 3, 32, 8, 5)) {
            TensorFiles.write(dir.resolve("q3.npy"), TensorFileFormat.NPY, q3, false, "q");
        }
        run(dir.resolve("q3.npy"), k, v).badInput("q heads (3) must be a multiple of kv heads (2)");
    }

    @Test
    void moreQueriesThanKeys() throws IOException {
        try (Tensor q64 = TestTensors.queries(DType.F32, 4, 64, 8, 5)) {
            TensorFiles.write(dir.resolve("q64.npy"), TensorFileFormat.NPY, q64, false, "q");
        }
        run(dir.resolve("q64.npy"), k, v).badInput("must not exceed Nk");
    }

    @Test
    void shapeTooLargeForTheFile() throws IOException {
        Path huge = Files.write(dir.resolve("huge.npy"), MalformedFiles.npy(1, 
                "{'descr': '<f4', 'fortran_order': False, 'shape': (10000000, 10000000, 1000000), }", 16));
        run(huge, k, v).badInput("overflows");
        Path big = Files.write(dir.resolve("big.npy"), MalformedFiles.npy(1, 
                "{'descr': '<f4', 'fortran_order': False, 'shape': (64, 1048576, 128), }", 16));
        run(big, k, v).badInput("truncated");
    }

    @Test
    void shapeTooLargeToAllocate() throws IOException {
        // a sparse file whose header and size agree on 1 TiB of data: the allocation itself must fail cleanly
        byte[] header = MalformedFiles.npy(1, 
                "{'descr': '<f4', 'fortran_order': False, 'shape': (256, 1048576, 1024), }", 0);
        Path file = Files.write(dir.resolve("tib.npy"), header);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(header.length + (1L << 40));
        }
        run(file, k, v).badInput("too large to load");
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"NaN, q", "Infinity, k", "-Infinity, v"})
    void nonFiniteValues(float bad, String which) throws IOException {
        Path target = switch (which) {
            case "q" -> q;
            case "k" -> k;
            default -> v;
        };
        try (var loaded = TensorFiles.read(target, which)) {
            loaded.tensor().set(37, bad);
            TensorFiles.write(target, TensorFileFormat.NPY, loaded.tensor(), false, which);
        }
        run(q, k, v).badInput(which + " holds a non-finite value");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"--alpha, 0, alpha must be in (0, 1]", "--alpha, 1.5, alpha must be in (0, 1]",
            "--sample-ratio, 2, sampleRatio must be in (0, 1]", "--window-ratio, -0.1, windowRatio must be in [0, 1]",
            "--sample-block, 0, sampleBlock must be in", "--min-sparse-length, -1, minSparseLength must be in",
            "--dense-fallback, 3, denseFallbackDensity must be in [0, 1]", "--alpha, abc, Invalid value"})
    void outOfRangeSettings(String option, String value, String problem) {
        run(q, k, v, option, value).badInput(problem);
    }

    @Test
    void unknownBackend() {
        Cli.run("run", "--q", q.toString(), "--k", k.toString(), "--v", v.toString(), "--out", out.toString(),
                "--backend", "tpu").badInput("unknown backend 'tpu': found ");
    }

    @Test
    void missingAndUnknownOptions() {
        Cli.run("run", "--q", q.toString()).badInput("Missing required option");
        Cli.run("run", "--q", q.toString(), "--k", k.toString(), "--v", v.toString(), "--out", out.toString(),
                "--frobnicate").badInput("Unknown option: '--frobnicate'");
        Cli.run("teleport").badInput("Unmatched argument");
    }

    @Test
    void npyQueriesNeedExplicitKeysAndValues() {
        Cli.run("run", "--q", q.toString(), "--out", out.toString()).badInput("--k is required");
    }

    @Test
    void outputInAnotherFormat() {
        out = dir.resolve("o.safetensors");
        run(q, k, v).badInput("must be a .npy file like --q");
    }

    @Test
    void denseWithAPlan() {
        run(q, k, v, "--dense", "--use-plan", dir.resolve("p.json").toString()).badInput("exclude each other");
    }

    @Test
    void malformedPlanFile() throws IOException {
        Path plan = Files.writeString(dir.resolve("p.json"), "{\"nq\": 32, \"nk\": ");
        run(q, k, v, "--use-plan", plan.toString()).badInput("malformed JSON");
        Path missing = Files.writeString(dir.resolve("m.json"), "{\"nq\": 32, \"nk\": 32}");
        run(q, k, v, "--use-plan", missing.toString()).badInput("malformed JSON");
        Path descending = Files.writeString(dir.resolve("d.json"), "{\"nq\": 32, \"nk\": 32, \"heads\": ["
                + "{\"qHead\": 0, \"kvHead\": 0, \"dense\": false, \"window\": 3, \"columns\": [5, 2]}]}");
        run(q, k, v, "--use-plan", descending.toString()).badInput("strictly ascending");
        run(q, k, v, "--use-plan", dir.resolve("none.json").toString()).badInput("none.json: no such file");
    }

    @Test
    void planForAnotherInput() throws IOException {
        Path plan = Files.writeString(dir.resolve("p.json"), "{\"nq\": 32, \"nk\": 32, \"heads\": ["
                + "{\"qHead\": 0, \"kvHead\": 0, \"dense\": true, \"window\": 3, \"columns\": []}]}");
        run(q, k, v, "--use-plan", plan.toString()).badInput("plan has 1 q-heads but the input has 4");
    }

    @Test
    void verbosePrintsTheStackTrace() {
        Cli c = run(dir.resolve("absent.npy"), k, v, "--verbose");
        assertEquals(ExitCode.BAD_INPUT, c.exit());
        assertTrue(c.err().startsWith("error: "), c.err());
        assertTrue(c.err().contains("TensorFileException") && c.err().contains("\tat "), c.err());
    }
}
