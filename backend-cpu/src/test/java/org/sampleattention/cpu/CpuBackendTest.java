package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.Tensor;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;

/** Discovery, validation, lifecycle, and the orchestrator end to end on the cpu engine. */
class CpuBackendTest {

    @Test
    void isDiscoveredAboveTheReference() {
        AttentionBackend cpu = ServiceLoader.load(AttentionBackend.class).stream().map(ServiceLoader.Provider::get)
                .filter(b -> b.name().equals("cpu")).findFirst().orElseThrow();
        assertEquals(200, cpu.priority());
        assertTrue(cpu.priority() > new ReferenceBackend().priority());
        assertTrue(cpu.probe().available(), cpu.probe().toString());
        assertTrue(cpu.capabilities().supportsHeadDim(1) && cpu.capabilities().supportsHeadDim(1024));
        assertFalse(cpu.capabilities().supportsHeadDim(1025));
        for (DType t : DType.values()) {
            assertTrue(cpu.capabilities().supports(t));
        }
    }

    @ParameterizedTest
    @EnumSource(Kernels.class)
    void endToEndMatchesTheReferenceOrchestrator(Kernels kernels) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).sampleRatio(0.1)
                .sampleBlock(16).windowRatio(0.05).build();
        try (RandomInput in = RandomInput.of(DType.BF16, 4, 2, 300, 300, 33, 7);
             CpuEngine engine = kernels.engine();
             AttentionEngine reference = new ReferenceBackend().create();
             SampleAttentionResult actual = new SampleAttention(engine, config).compute(in.input());
             SampleAttentionResult expected = new SampleAttention(reference, config).compute(in.input())) {
            for (int h = 0; h < 4; h++) {
                double jaccard = CpuSamplerTest.jaccard(expected.plan().head(h).columns(), actual.plan().head(h).columns());
                assertTrue(jaccard >= 0.99, "head " + h + " Jaccard " + jaccard);
            }
            try (AttentionTensor rerun = reference.attention().sparse(in.input(), actual.plan(), config)) {
                double error = RandomInput.relativeError(actual.output(), rerun);
                assertTrue(error <= RandomInput.tolerance(DType.BF16), "relative L2 error " + error);
            }
            assertEquals("cpu", actual.stats().backend());
        }
    }

    @ParameterizedTest
    @EnumSource(Kernels.class)
    void alphaOneReproducesDense(Kernels kernels) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).alpha(1.0)
                .denseFallbackDensity(1.0).build();
        try (RandomInput in = RandomInput.of(DType.F32, 2, 1, 200, 257, 24, 3);
             CpuEngine engine = kernels.engine();
             SampleAttentionResult sparse = new SampleAttention(engine, config).compute(in.input());
             AttentionTensor dense = engine.attention().dense(in.input(), config)) {
            double error = RandomInput.relativeError(sparse.output(), dense);
            assertTrue(error <= 1e-5, "relative L2 error " + error);
        }
    }

    @Test
    void rejectsBadInputWithAClearMessage() {
        SampleAttentionConfig config = SampleAttentionConfig.defaults();
        try (CpuEngine engine = Kernels.VECTOR.engine();
             RandomInput in = RandomInput.of(DType.F32, 2, 1, 8, 8, 4, 5)) {
            in.k().set(13, Float.NaN);
            var e = assertThrows(IllegalArgumentException.class, () -> engine.attention().dense(in.input(), config));
            assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> engine.sampler().sample(in.input(), config));
        }
        for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
            try (CpuEngine engine = Kernels.VECTOR.engine();
                 RandomInput in = RandomInput.of(dtype, 2, 1, 300, 300, 64, 6)) {
                in.v().set(in.v().elementCount() - 1, Float.POSITIVE_INFINITY); // last element of the last chunk
                var e = assertThrows(IllegalArgumentException.class, () -> engine.attention().dense(in.input(), config));
                assertTrue(e.getMessage().startsWith("v holds a non-finite value"), e.getMessage());
                in.v().set(in.v().elementCount() - 1, 0f);
                in.q().set(20_000, Float.NaN);
                e = assertThrows(IllegalArgumentException.class, () -> engine.sampler().sample(in.input(), config));
                assertTrue(e.getMessage().startsWith("q holds a non-finite value"), e.getMessage());
            }
        }
        try (CpuEngine engine = Kernels.VECTOR.engine();
             Tensor q = Tensor.allocate(DType.F32, 1, 1, 1025);
             Tensor k = Tensor.allocate(DType.F32, 1, 1, 1025)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> engine.attention().dense(new AttentionInput(q, k, k), config));
            assertTrue(e.getMessage().contains("head dim 1025"), e.getMessage());
        }
        try (CpuEngine engine = Kernels.VECTOR.engine();
             RandomInput in = RandomInput.of(DType.F32, 2, 1, 8, 8, 4, 5)) {
            SparsePlan wrong = SparsePlan.allDense(new MaskGeometry(8, 9, 1, true), 2, 1);
            assertThrows(IllegalArgumentException.class, () -> engine.attention().sparse(in.input(), wrong, config));
            SparsePlan nonCausal = SparsePlan.allDense(new MaskGeometry(8, 8, 1, false), 2, 1);
            assertThrows(IllegalArgumentException.class, () -> engine.attention().sparse(in.input(), nonCausal, config));
        }
    }

    @Test
    void concurrentCallsOnOneEngineGiveTheSequentialResults() throws Exception {
        SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).build();
        try (CpuEngine engine = Kernels.VECTOR.engine();
             RandomInput a = RandomInput.of(DType.F32, 2, 1, 150, 150, 40, 11);
             RandomInput b = RandomInput.of(DType.F16, 4, 2, 90, 170, 72, 12);
             AttentionTensor expectedA = engine.attention().dense(a.input(), config);
             SampleAttentionResult expectedB = new SampleAttention(engine, config).compute(b.input())) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 3; round++) {
                    var fa = pool.submit(() -> engine.attention().dense(a.input(), config));
                    var fb = pool.submit(() -> new SampleAttention(engine, config).compute(b.input()));
                    // bit-identical, from the first (interpreted) call on: every sum is taken in a fixed
                    // order and the exponential is plain arithmetic, so neither threads nor the JIT move it
                    try (AttentionTensor actualA = fa.get(); SampleAttentionResult actualB = fb.get()) {
                        assertArrayEquals(((Tensor) expectedA).toFloatArray(), ((Tensor) actualA).toFloatArray());
                        assertArrayEquals(((Tensor) expectedB.output()).toFloatArray(),
                                ((Tensor) actualB.output()).toFloatArray());
                        for (int h = 0; h < 4; h++) {
                            assertArrayEquals(expectedB.plan().head(h).columns(), actualB.plan().head(h).columns());
                        }
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    /**
     * Thread counts change how work is grouped into tasks, never a result's bits: here one thread's tasks
     * hold 4 q-heads each for sampling and attention, three threads' tasks 2 and 1 (GroupedHeads).
     */
    @Test
    void resultsAreTheSameBitsOnOneThreadAndOnSeveral() {
        SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).sampleBlock(16)
                .sampleRatio(0.5).build();
        try (RandomInput in = RandomInput.of(DType.BF16, 8, 2, 700, 700, 64, 13);
             CpuEngine one = new CpuEngine(TileKernelsProvider.vector(), 1);
             CpuEngine three = new CpuEngine(TileKernelsProvider.vector(), 3);
             SampleAttentionResult a = new SampleAttention(one, config).compute(in.input());
             SampleAttentionResult b = new SampleAttention(three, config).compute(in.input())) {
            assertArrayEquals(((Tensor) a.output()).toFloatArray(), ((Tensor) b.output()).toFloatArray());
            for (int h = 0; h < 8; h++) {
                assertArrayEquals(a.plan().head(h).columns(), b.plan().head(h).columns(), "head " + h);
            }
        }
    }

    @Test
    void closedEngineRefusesWorkAndClosesIdempotently() {
        CpuEngine engine = Kernels.SCALAR.engine();
        engine.close();
        engine.close();
        try (RandomInput in = RandomInput.of(DType.F32, 1, 1, 4, 4, 4, 9)) {
            var e = assertThrows(IllegalStateException.class,
                    () -> engine.attention().dense(in.input(), SampleAttentionConfig.defaults()));
            assertTrue(e.getMessage().contains("closed"));
        }
    }

    @Test
    void fallsBackToScalarWithOneLogLineWithoutTheIncubatorModule() throws IOException, InterruptedException {
        String output = runChild();
        assertTrue(output.contains("device: host CPU") && output.contains("scalar Java"), output);
        assertEquals(1, output.lines().filter(l -> l.contains("--add-modules jdk.incubator.vector")).count(), output);
        // said once, not twice in one line
        assertEquals(1, output.split("--add-modules jdk.incubator.vector", -1).length - 1, output);
    }

    @Test
    void theSystemPropertyForcesScalarKernelsEvenWithTheVectorApi() throws IOException, InterruptedException {
        String output = runChild("--add-modules", "jdk.incubator.vector", "-Dsampleattention.cpu.scalar=true");
        assertTrue(output.contains("device: host CPU") && output.contains("scalar Java"), output);
        assertTrue(output.contains("scalar kernels forced by -Dsampleattention.cpu.scalar=true"), output);
    }

    /** Runs {@link ScalarFallbackMain} in a child JVM with these flags; returns its output. */
    private static String runChild(String... flags) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", childClassPath(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of(flags));
        command.add(ScalarFallbackMain.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        return output;
    }

    /**
     * This JVM's class path for the child: Surefire puts the tests on {@code java.class.path}, while the
     * JUnit console launcher (as on the GPU host) loads them through a class loader of its own, whose
     * entries come first then.
     */
    private static String childClassPath() {
        List<String> entries = new ArrayList<>();
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException notAFile) {
                    // not a local file: the child could not use it either
                }
            }
        }
        entries.add(System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, entries);
    }
}
