package org.sampleattention.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.Tensor;
import org.sampleattention.cli.report.PlanFile;
import org.sampleattention.cli.tensorfile.LoadedTensor;
import org.sampleattention.cli.tensorfile.TensorFileFormat;
import org.sampleattention.cli.tensorfile.TensorFiles;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionEngine;

class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SPARSE = {"--backend", "reference", "--min-sparse-length", "0", "--sample-block", "16"};

    @TempDir
    Path dir;

    @Test
    void writesTheLibrarysOutputPlanAndStats() throws IOException {
        TestTensors.writeSet(dir, TensorFileFormat.NPY, DType.F32, 4, 2, 200, 16);
        Path out = dir.resolve("o.npy"), plan = dir.resolve("plan.json"), stats = dir.resolve("stats.json");
        Cli result = Cli.run(args("run", "--q", dir.resolve("q.npy"), "--k", dir.resolve("k.npy"), "--v",
                dir.resolve("v.npy"), "--out", out, "--plan", plan, "--stats", stats)).ok();
        assertTrue(result.out().contains("SampleAttention"), result.out());

        SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).sampleBlock(16).build();
        try (LoadedTensor q = TensorFiles.read(dir.resolve("q.npy"), "q");
             LoadedTensor k = TensorFiles.read(dir.resolve("k.npy"), "k");
             LoadedTensor v = TensorFiles.read(dir.resolve("v.npy"), "v");
             AttentionEngine engine = new ReferenceBackend().create();
             SampleAttentionResult expected = new SampleAttention(engine, config)
                     .compute(new AttentionInput(q.tensor(), k.tensor(), v.tensor()));
             LoadedTensor written = TensorFiles.read(out, "out")) {
            assertArrayEquals(((Tensor) expected.output()).toFloatArray(), written.tensor().toFloatArray());

            JsonNode planJson = JSON.readTree(plan.toFile());
            assertEquals(List.of("nq", "nk", "heads"), fieldNames(planJson));
            assertEquals(200, planJson.get("nq").asInt());
            assertEquals(200, planJson.get("nk").asInt());
            assertEquals(4, planJson.get("heads").size());
            for (JsonNode head : planJson.get("heads")) {
                assertEquals(List.of("qHead", "kvHead", "dense", "window", "columns"), fieldNames(head));
            }
            PlanFile expectedPlan = PlanFile.of(expected.plan());
            for (int h = 0; h < 4; h++) {
                JsonNode head = planJson.get("heads").get(h);
                PlanFile.Head want = expectedPlan.heads().get(h);
                assertEquals(h, head.get("qHead").asInt());
                assertEquals(h / 2, head.get("kvHead").asInt());
                assertEquals(want.dense(), head.get("dense").asBoolean());
                assertEquals(want.window(), head.get("window").asInt());
                assertArrayEquals(want.columns(), JSON.convertValue(head.get("columns"), int[].class));
            }
            // the stripes draw nearly all attention: a sparse plan that keeps them
            JsonNode head0 = planJson.get("heads").get(0);
            assertEquals(false, head0.get("dense").asBoolean());
            assertTrue(JSON.convertValue(head0.get("columns"), int[].class).length > 0);

            JsonNode statsJson = JSON.readTree(stats.toFile());
            assertEquals(List.of("backend", "device", "seqLen", "heads", "kvHeads", "headDim", "dtype", "totalMs",
                    "stages", "perHead"), fieldNames(statsJson));
            assertEquals("reference", statsJson.get("backend").asText());
            assertEquals(200, statsJson.get("seqLen").asInt());
            assertEquals(4, statsJson.get("heads").asInt());
            assertEquals(2, statsJson.get("kvHeads").asInt());
            assertEquals(16, statsJson.get("headDim").asInt());
            assertEquals("f32", statsJson.get("dtype").asText());
            assertEquals(List.of("sampleMs", "filterMs", "attendMs"), fieldNames(statsJson.get("stages")));
            double stages = statsJson.get("stages").get("sampleMs").asDouble()
                    + statsJson.get("stages").get("filterMs").asDouble() + statsJson.get("stages").get("attendMs").asDouble();
            assertEquals(statsJson.get("totalMs").asDouble(), stages, 1e-6);
            assertEquals(4, statsJson.get("perHead").size());
            for (int h = 0; h < 4; h++) {
                JsonNode ph = statsJson.get("perHead").get(h);
                assertEquals(List.of("qHead", "columns", "density", "estimatedCoverage", "dense"), fieldNames(ph));
                assertEquals(expected.stats().perHead().get(h).density(), ph.get("density").asDouble(), 1e-12);
                assertEquals(expected.plan().head(h).columnCount(), ph.get("columns").asInt());
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} batched={2}")
    @CsvSource({"NPY, F32, false", "NPY, F16, false", "NPY, F32, true", "SAFETENSORS, F32, false",
            "SAFETENSORS, F16, false", "SAFETENSORS, BF16, false", "SAFETENSORS, BF16, true"})
    void writesTheOutputInTheInputsFormatDtypeAndLayout(TensorFileFormat format, DType dtype, boolean batched)
            throws IOException {
        String ext = format.extension();
        try (Tensor q = TestTensors.queries(dtype, 2, 40, 8, 1);
             Tensor k = TestTensors.keys(dtype, 1, 40, 8, 2);
             Tensor v = TestTensors.values(dtype, 1, 40, 8, 3)) {
            TensorFiles.write(dir.resolve("q" + ext), format, q, batched, "q");
            TensorFiles.write(dir.resolve("k" + ext), format, k, batched, "k");
            TensorFiles.write(dir.resolve("v" + ext), format, v, false, "v");
            Path out = dir.resolve("o" + ext);
            Cli.run(args("run", "--q", dir.resolve("q" + ext), "--k", dir.resolve("k" + ext), "--v",
                    dir.resolve("v" + ext), "--out", out, "--dense", "--backend", "reference")).ok();
            try (AttentionEngine engine = new ReferenceBackend().create();
                 var expected = (Tensor) engine.attention().dense(new AttentionInput(q, k, v),
                         SampleAttentionConfig.defaults());
                 LoadedTensor written = TensorFiles.read(out, "out")) {
                assertEquals(format, written.format());
                assertEquals(dtype, written.tensor().dtype());
                assertEquals(batched, written.batched());
                assertEquals(expected.shape(), written.tensor().shape());
                assertArrayEquals(expected.segment().toArray(ValueLayout.JAVA_BYTE),
                        written.tensor().segment().toArray(ValueLayout.JAVA_BYTE));
            }
        }
    }

    @Test
    void theDefaultBackendAgreesWithTheReference() throws IOException {
        TestTensors.writeSet(dir, TensorFileFormat.NPY, DType.F32, 4, 2, 96, 16);
        String[] io = {"--q", dir.resolve("q.npy").toString(), "--k", dir.resolve("k.npy").toString(), "--v",
                dir.resolve("v.npy").toString()};
        Cli.run(concat(new String[] {"run", "--dense", "--out", dir.resolve("default.npy").toString()}, io)).ok();
        Cli.run(concat(new String[] {"run", "--dense", "--backend", "reference", "--out",
                dir.resolve("reference.npy").toString()}, io)).ok();
        try (LoadedTensor a = TensorFiles.read(dir.resolve("default.npy"), "");
             LoadedTensor b = TensorFiles.read(dir.resolve("reference.npy"), "")) {
            double error = OutputError.of(a.tensor(), b.tensor()).overall();
            assertTrue(error < 1e-5, "relative L2 error of the default backend against the reference: " + error);
        }
    }

    @Test
    void usePlanReproducesTheSampledRun() throws IOException {
        TestTensors.writeSet(dir, TensorFileFormat.NPY, DType.F32, 2, 2, 150, 8);
        String[] io = {"--q", dir.resolve("q.npy").toString(), "--k", dir.resolve("k.npy").toString(), "--v",
                dir.resolve("v.npy").toString()};
        Path plan = dir.resolve("plan.json");
        Cli.run(concat(args("run", "--out", dir.resolve("a.npy"), "--plan", plan), io)).ok();
        Path stats = dir.resolve("stats.json");
        Cli.run(concat(args("run", "--out", dir.resolve("b.npy"), "--use-plan", plan, "--stats", stats), io)).ok();
        try (LoadedTensor a = TensorFiles.read(dir.resolve("a.npy"), "");
             LoadedTensor b = TensorFiles.read(dir.resolve("b.npy"), "")) {
            assertArrayEquals(a.tensor().toFloatArray(), b.tensor().toFloatArray());
        }
        JsonNode s = JSON.readTree(stats.toFile());
        assertEquals(0.0, s.get("stages").get("sampleMs").asDouble());
        assertTrue(s.get("perHead").get(0).get("estimatedCoverage").isNull(), "no samples, no estimate");
    }

    @Test
    void chunkedPrefillWithFewerQueriesThanKeys() throws IOException {
        try (Tensor q = TestTensors.queries(DType.F32, 2, 50, 8, 1);
             Tensor k = TestTensors.keys(DType.F32, 2, 180, 8, 2);
             Tensor v = TestTensors.values(DType.F32, 2, 180, 8, 3)) {
            TensorFiles.write(dir.resolve("q.npy"), TensorFileFormat.NPY, q, false, "q");
            TensorFiles.write(dir.resolve("k.npy"), TensorFileFormat.NPY, k, false, "k");
            TensorFiles.write(dir.resolve("v.npy"), TensorFileFormat.NPY, v, false, "v");
            Path plan = dir.resolve("plan.json");
            Cli.run(args("run", "--q", dir.resolve("q.npy"), "--k", dir.resolve("k.npy"), "--v", dir.resolve("v.npy"),
                    "--out", dir.resolve("o.npy"), "--plan", plan)).ok();
            SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).sampleBlock(16).build();
            try (AttentionEngine engine = new ReferenceBackend().create();
                 SampleAttentionResult expected = new SampleAttention(engine, config)
                         .compute(new AttentionInput(q, k, v));
                 LoadedTensor written = TensorFiles.read(dir.resolve("o.npy"), "")) {
                assertEquals(org.sampleattention.Shape.of(2, 50, 8), written.tensor().shape());
                assertArrayEquals(((Tensor) expected.output()).toFloatArray(), written.tensor().toFloatArray());
            }
            JsonNode p = JSON.readTree(plan.toFile());
            assertEquals(50, p.get("nq").asInt());
            assertEquals(180, p.get("nk").asInt());
        }
    }

    @Test
    void readsQkvFromOneSafetensorsFile() throws IOException {
        Path bundle = dir.resolve("qkv.safetensors");
        try (Tensor q = TestTensors.queries(DType.F16, 2, 30, 8, 1);
             Tensor k = TestTensors.keys(DType.F16, 2, 30, 8, 2);
             Tensor v = TestTensors.values(DType.F16, 2, 30, 8, 3)) {
            writeBundle(bundle, new String[] {"query", "key", "value"}, new Tensor[] {q, k, v});
            Path out = dir.resolve("o.safetensors");
            Cli.run("run", "--q", bundle.toString(), "--q-name", "query", "--k-name", "key", "--v-name", "value",
                    "--out", out.toString(), "--out-name", "attn", "--dense", "--backend", "reference").ok();
            try (AttentionEngine engine = new ReferenceBackend().create();
                 var expected = (Tensor) engine.attention().dense(new AttentionInput(q, k, v),
                         SampleAttentionConfig.defaults());
                 LoadedTensor written = TensorFiles.read(out, "attn")) {
                assertEquals(DType.F16, written.tensor().dtype());
                assertArrayEquals(expected.toFloatArray(), written.tensor().toFloatArray());
            }
        }
    }

    /** A .safetensors file of several tensors, laid out per the format's specification. */
    static void writeBundle(Path file, String[] names, Tensor[] tensors) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (int i = 0; i < names.length; i++) {
            long[] d = tensors[i].shape().dims();
            header.append(i > 0 ? "," : "").append('"').append(names[i]).append("\":{\"dtype\":\"")
                    .append(tensors[i].dtype()).append("\",\"shape\":[").append(d[0]).append(',').append(d[1])
                    .append(',').append(d[2]).append("],\"data_offsets\":[").append(offset).append(',')
                    .append(offset + tensors[i].byteSize()).append("]}");
            offset += tensors[i].byteSize();
        }
        byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate((int) (8 + json.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        for (Tensor t : tensors) {
            b.put(t.segment().toArray(ValueLayout.JAVA_BYTE));
        }
        Files.write(file, b.array());
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static String[] args(Object... parts) {
        String[] base = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            base[i] = parts[i].toString();
        }
        return base[0].equals("run") && !List.of(base).contains("--dense") && !List.of(base).contains("--backend")
                ? concat(base, SPARSE) : base;
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
