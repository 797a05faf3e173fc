package org.sampleattention.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.conformance.Workload;
import org.sampleattention.conformance.WorkloadKind;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionEngine;

/**
 * Dense attention, SampleAttention end to end, and each of its stages, per backend, length and dtype,
 * at default settings (causal), on the conformance kit's workloads (8 q-heads, 2 kv-heads, d = 128). The primary result is calls per second (time per call = 1 / score);
 * the {@link Work} counter {@code gflop} gives GFLOP/s of computed work, and end to end
 * {@link EndToEndWork} adds {@code denseEquivalentGflop}, the dense work replaced per second.
 *
 * <p>Smoke run: {@code java -jar benchmarks/target/benchmarks.jar AttentionBenchmark -f 0 -wi 0 -i 1
 * -p length=4096 -p dtype=F32}. Measurement: see docs/benchmarks.md. Extra JVM flags for the fork go in
 * {@code -jvmArgsAppend} (for example {@code -XX:UseAVX=2} for the AVX2 path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
// prepended, because JMH's -jvmArgsAppend (the usual way to add a flag, e.g. -XX:UseAVX=2) replaces the
// annotation's appended arguments: the fork then lost the Vector API and measured the scalar kernels
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xmx12g"})
public class AttentionBenchmark {
    @Param({"cpu"})
    public String backend;

    @Param({"4096", "16384", "32768"})
    public int length;

    @Param({"F32", "BF16"})
    public DType dtype;

    /** The kit's workload kind; LLM mixes local, stripe and mixed heads with a needle head. */
    @Param({"LLM"})
    public WorkloadKind workload;

    private Workload input;
    private AttentionEngine engine;
    private SampleAttentionConfig config;
    private SampleAttention sampleAttention;
    private ColumnScores scores;
    private SparsePlan plan;
    private double denseGflop;
    private double sparseGflop;
    private double samplingGflop;

    @Setup(Level.Trial)
    public void setUp() {
        input = Workloads.generate(workload, length, dtype);
        engine = BenchmarkBackends.byName(backend).create();
        config = SampleAttentionConfig.defaults();
        sampleAttention = new SampleAttention(engine, config);
        scores = engine.sampler().sample(input.input(), config);
        plan = engine.filter().filter(scores, config);
        MaskGeometry geometry = plan.geometry();
        int hq = input.input().qHeads(), d = input.input().headDim();
        denseGflop = Work.denseGflop(geometry, hq, d);
        sparseGflop = Work.sparseGflop(plan, d);
        samplingGflop = Work.samplingGflop(geometry, SampleBlocks.of(length, config), hq, d);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scores.close();
        engine.close();
        input.close();
    }

    @Benchmark
    public void dense(Work work) {
        try (AttentionTensor out = engine.attention().dense(input.input(), config)) {
            work.gflop += denseGflop;
        }
    }

    @Benchmark
    public void endToEnd(EndToEndWork work) {
        try (SampleAttentionResult result = sampleAttention.compute(input.input())) {
            work.attentionGflop += Work.sparseGflop(result.plan(), input.input().headDim());
            work.denseEquivalentGflop += denseGflop;
        }
    }

    @Benchmark
    public void sample(Work work) {
        try (ColumnScores s = engine.sampler().sample(input.input(), config)) {
            work.gflop += samplingGflop;
        }
    }

    @Benchmark
    public SparsePlan filter() {
        return engine.filter().filter(scores, config);
    }

    @Benchmark
    public void sparse(Work work) {
        try (AttentionTensor out = engine.attention().sparse(input.input(), plan, config)) {
            work.gflop += sparseGflop;
        }
    }
}
