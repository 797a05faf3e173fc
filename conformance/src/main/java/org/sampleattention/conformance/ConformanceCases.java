package org.sampleattention.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;

/**
 * The catalogue of cases, as data. SMALL (the default; what CI runs on every backend) keeps inputs at
 * 17-4096 tokens, with {@code minSparseLength} lowered so that sparse paths run on short inputs, and
 * one LLM workload at 4096 tokens with fully default settings. LARGE adds 16K-128K cases for a GPU host,
 * which the kit checks on sampled rows and heads (see {@link CaseScope}). The static methods returning
 * streams are the JUnit suites' {@code @MethodSource}s.
 */
public final class ConformanceCases {
    /** f32 inputs, f32 accumulation: a few ulps per add over up to 128K terms, against an f64 oracle. */
    public static final double F32_TOLERANCE = 1e-5;
    /** f16/bf16 inputs: the output itself is rounded to 8-11 bits (bf16: 2^-9 relative), plus P rounded for the MMA. */
    public static final double HALF_TOLERANCE = 1e-2;
    public static final double JACCARD = 0.99;
    public static final double COVERAGE_SLACK = 0.02;
    public static final double OUTPUT_ERROR_BOUND = 0.25;
    public static final double NEEDLE_RECALL = 0.9;
    public static final double ADAPTIVE_RATIO = 2.0;
    public static final double DIFFUSE_DENSITY = 0.5;

    private static final String F32_WHY = "f32 inputs: f32 accumulation against an f64 oracle leaves ~1e-6; 1e-5 allows reordering";
    private static final String HALF_WHY = "f16/bf16 inputs: the output is stored in the input dtype (bf16 rounds at 2^-9) and P may be rounded for tensor cores";

    private ConformanceCases() {
    }

    /** Settings for CI-sized sparse cases: sparse from any length, blocks of 32 rows so several are sampled. */
    public static SampleAttentionConfig smallSparse() {
        return SampleAttentionConfig.builder().minSparseLength(0).sampleBlock(32).build();
    }

    public static List<ConformanceCase> all(ConformanceSize size) {
        return Stream.of(dense(size), sparse(size), plans(size), nearLossless(size), validation(size))
                .flatMap(s -> s).toList();
    }

    /**
     * The cases with the sampling-dependent ones (3.x and 4.x) at another sample ratio, their ids marked
     * with it; the rest unchanged. The kit's verdicts are defined at the default settings: this answers
     * whether the same criteria hold at the ratio a deployment uses (or a proposed default would).
     */
    public static List<ConformanceCase> atSampleRatio(List<ConformanceCase> cases, double ratio) {
        String mark = "-sample-ratio-" + ratio;
        return cases.stream().map(c -> !c.criterion().dependsOnSampling() ? c
                : new ConformanceCase(c.id() + mark, c.criterion(), c.workload(),
                        c.config().toBuilder().sampleRatio(ratio).build(), c.tolerance(), c.rationale(), c.variant()))
                .toList();
    }

    public static Stream<ConformanceCase> dense() {
        return dense(ConformanceSize.fromSystemProperty());
    }

    public static Stream<ConformanceCase> sparse() {
        return sparse(ConformanceSize.fromSystemProperty());
    }

    public static Stream<ConformanceCase> plans() {
        return plans(ConformanceSize.fromSystemProperty());
    }

    public static Stream<ConformanceCase> nearLossless() {
        return nearLossless(ConformanceSize.fromSystemProperty());
    }

    public static Stream<ConformanceCase> validation() {
        return validation(ConformanceSize.fromSystemProperty());
    }

    /** The cases of one criterion, for suites that give each criterion its own test method. */
    public static Stream<ConformanceCase> of(Criterion criterion) {
        return all(ConformanceSize.fromSystemProperty()).stream().filter(c -> c.criterion() == criterion);
    }

    public static Stream<ConformanceCase> dense(ConformanceSize size) {
        SampleAttentionConfig causal = SampleAttentionConfig.defaults();
        SampleAttentionConfig full = SampleAttentionConfig.builder().causal(false).build();
        SampleAttentionConfig scaled = SampleAttentionConfig.builder().scale(0.05).build();
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.LLM, 257, 257, 2, 2, 64, DType.F32), causal, ""));
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.LLM, 300, 77, 4, 2, 80, DType.F32), causal, ""));
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.MIXED, 129, 129, 3, 1, 33, DType.F32), causal, ""));
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.STRIPE, 17, 17, 1, 1, 1, DType.F32), causal, ""));
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.LLM, 200, 50, 2, 1, 64, DType.F32), full, ""));
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.LOCAL, 131, 131, 2, 2, 96, DType.F32), full, ""));
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.LLM, 190, 190, 2, 2, 128, DType.F32), causal, ""));
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.DIFFUSE, 70, 70, 1, 1, 256, DType.F32), causal, ""));
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.NEEDLE, 100, 100, 2, 2, 64, DType.F32), scaled, "scale-0.05"));
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.LLM, 257, 257, 2, 2, 64, DType.F16), causal, ""));
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.LLM, 300, 77, 4, 2, 80, DType.BF16), causal, ""));
        cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.LLM, 129, 129, 2, 1, 128, DType.BF16), full, ""));
        if (size == ConformanceSize.LARGE) {
            cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.LLM, 16384, 16384, 8, 8, 128, DType.BF16), causal, ""));
            cases.add(exact(Criterion.DENSE_MATCHES_REFERENCE, spec(WorkloadKind.LLM, 32768, 4099, 8, 2, 128, DType.F32), causal, ""));
        }
        return cases.stream();
    }

    public static Stream<ConformanceCase> sparse(ConformanceSize size) {
        SampleAttentionConfig narrow = SampleAttentionConfig.builder().windowRatio(0.05).build();
        SampleAttentionConfig tiny = SampleAttentionConfig.builder().windowRatio(0).build();
        SampleAttentionConfig full = SampleAttentionConfig.builder().windowRatio(0.05).causal(false).build();
        List<ConformanceCase> cases = new ArrayList<>();
        Criterion s = Criterion.SPARSE_MATCHES_REFERENCE;
        cases.add(exact(s, spec(WorkloadKind.LLM, 300, 300, 2, 2, 64, DType.F32), SampleAttentionConfig.defaults(), FixedPlans.WINDOW_ONLY));
        cases.add(exact(s, spec(WorkloadKind.LLM, 301, 150, 4, 2, 80, DType.F32), narrow, FixedPlans.COLUMNS));
        cases.add(exact(s, spec(WorkloadKind.MIXED, 129, 129, 2, 1, 33, DType.F32), tiny, FixedPlans.COLUMNS));
        cases.add(exact(s, spec(WorkloadKind.STRIPE, 257, 257, 3, 3, 64, DType.F32), narrow, FixedPlans.DENSE_HEADS));
        cases.add(exact(s, spec(WorkloadKind.LLM, 200, 64, 2, 2, 64, DType.F32), full, FixedPlans.COLUMNS));
        cases.add(exact(s, spec(WorkloadKind.LLM, 257, 257, 2, 1, 128, DType.BF16), narrow, FixedPlans.COLUMNS));
        cases.add(exact(s, spec(WorkloadKind.NEEDLE, 200, 200, 2, 2, 64, DType.F16), narrow, FixedPlans.DENSE_HEADS));
        if (size == ConformanceSize.LARGE) {
            cases.add(exact(s, spec(WorkloadKind.LLM, 16384, 16384, 8, 8, 128, DType.BF16), SampleAttentionConfig.defaults(), FixedPlans.COLUMNS));
        }
        return cases.stream();
    }

    public static Stream<ConformanceCase> plans(ConformanceSize size) {
        List<ConformanceCase> cases = new ArrayList<>();
        record Input(WorkloadSpec workload, SampleAttentionConfig config) {
        }
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input(spec(WorkloadKind.LLM, 1024, 1024, 4, 2, 64, DType.F32), smallSparse()));
        inputs.add(new Input(spec(WorkloadKind.LLM, 1500, 1100, 4, 4, 80, DType.BF16), smallSparse()));
        inputs.add(new Input(spec(WorkloadKind.LLM, 4096, 4096, 4, 2, 64, DType.F32), SampleAttentionConfig.defaults()));
        if (size == ConformanceSize.LARGE) {
            inputs.add(new Input(spec(WorkloadKind.LLM, 16384, 16384, 4, 4, 128, DType.BF16), SampleAttentionConfig.defaults()));
        }
        for (Input in : inputs) {
            WorkloadSpec w = in.workload();
            SampleAttentionConfig cfg = in.config();
            boolean half = w.dtype() != DType.F32;
            cases.add(new ConformanceCase(id(Criterion.SCORES_MATCH_REFERENCE, w, ""), Criterion.SCORES_MATCH_REFERENCE,
                    w, cfg, half ? 1e-3 : 1e-4, half
                            ? "relative L1 over every sampled row's mass; half inputs allow q*scale or P rounded to half once"
                            : "relative L1 over every sampled row's mass; f32 exp and sums leave ~1e-6 per row", ""));
            cases.add(new ConformanceCase(id(Criterion.FILTER_MATCHES_REFERENCE, w, ""), Criterion.FILTER_MATCHES_REFERENCE,
                    w, cfg, JACCARD, "same scores in, so the per-block rule must pick the same columns (ties only at the cut)", ""));
            cases.add(new ConformanceCase(id(Criterion.PLAN_MATCHES_REFERENCE, w, ""), Criterion.PLAN_MATCHES_REFERENCE,
                    w, cfg, JACCARD, "scores differ only by rounding, which can move a column only where sums tie at the cut", ""));
        }
        return cases.stream();
    }

    public static Stream<ConformanceCase> nearLossless(ConformanceSize size) {
        SampleAttentionConfig small = smallSparse();
        SampleAttentionConfig defaults = SampleAttentionConfig.defaults();
        List<ConformanceCase> cases = new ArrayList<>();
        List<WorkloadSpec> smallOnes = List.of(
                spec(WorkloadKind.LOCAL, 1024, 1024, 2, 2, 64, DType.F32),
                spec(WorkloadKind.STRIPE, 1024, 1024, 2, 1, 64, DType.F32),
                spec(WorkloadKind.MIXED, 2048, 2048, 2, 2, 64, DType.F32),
                spec(WorkloadKind.NEEDLE, 2048, 2048, 2, 1, 64, DType.F32),
                spec(WorkloadKind.DIFFUSE, 1024, 1024, 2, 2, 64, DType.F32),
                spec(WorkloadKind.LLM, 2048, 2048, 8, 2, 64, DType.BF16));
        for (WorkloadSpec w : smallOnes) {
            addNearLossless(cases, w, small);
        }
        addNearLossless(cases, spec(WorkloadKind.LLM, 4096, 4096, 8, 2, 64, DType.F32), defaults);
        cases.add(adaptive(spec(WorkloadKind.LLM, 2048, 2048, 8, 2, 64, DType.BF16), small));
        cases.add(adaptive(spec(WorkloadKind.LLM, 4096, 4096, 8, 2, 64, DType.F32), defaults));
        cases.add(adaptive(spec(WorkloadKind.DIFFUSE, 1024, 1024, 2, 2, 64, DType.F32), small));
        SampleAttentionConfig exact = small.toBuilder().alpha(1).build();
        // alpha = 1 keeps every column the sampled rows give mass; on strongly local heads an unsampled row's
        // near-window keys can carry less than f32 resolution for every sampled row, so the case uses heads
        // whose off-window mass the samples see (docs/conformance.md, criterion 4.4)
        cases.add(exact(Criterion.ALPHA_ONE_IS_DENSE, spec(WorkloadKind.STRIPE, 1024, 1024, 4, 2, 64, DType.F32), exact, ""));
        cases.add(exact(Criterion.ALPHA_ONE_IS_DENSE, spec(WorkloadKind.DIFFUSE, 1024, 1024, 2, 2, 64, DType.BF16), exact, ""));
        if (size == ConformanceSize.LARGE) {
            for (int n : new int[] {16384, 32768, 65536, 131072}) {
                addNearLossless(cases, spec(WorkloadKind.LLM, n, n, 8, 8, 128, DType.BF16), defaults);
            }
            cases.add(adaptive(spec(WorkloadKind.LLM, 32768, 32768, 8, 8, 128, DType.BF16), defaults));
        }
        return cases.stream();
    }

    public static Stream<ConformanceCase> validation(ConformanceSize size) {
        WorkloadSpec w = spec(WorkloadKind.LLM, 64, 64, 2, 1, 16, DType.F32);
        SampleAttentionConfig cfg = smallSparse();
        List<ConformanceCase> cases = new ArrayList<>();
        String why = "bad input must fail fast with IllegalArgumentException/IllegalStateException naming the problem";
        for (String v : List.of("nan-q", "inf-k", "nan-v")) {
            cases.add(new ConformanceCase("5.1-" + v, Criterion.REJECTS_NON_FINITE, w, cfg, 1, why, v));
        }
        for (String v : List.of("other-length", "other-heads")) {
            cases.add(new ConformanceCase("5.2-" + v, Criterion.REJECTS_FOREIGN_PLAN, w, cfg, 1, why, v));
        }
        cases.add(new ConformanceCase("5.3-undeclared-dtype", Criterion.REJECTS_UNSUPPORTED_DTYPE, w, cfg, 1, why, ""));
        cases.add(new ConformanceCase("5.4-undeclared-head-dim", Criterion.REJECTS_UNSUPPORTED_HEAD_DIM, w, cfg, 1, why, ""));
        for (String v : List.of("head-dim", "gqa", "nq-exceeds-nk")) {
            cases.add(new ConformanceCase("5.5-" + v, Criterion.REJECTS_MISMATCHED_SHAPES, w, cfg, 1, why, v));
        }
        cases.add(new ConformanceCase("5.6-settings", Criterion.REJECTS_OUT_OF_RANGE_CONFIG, w, cfg, 1, why, ""));
        cases.add(new ConformanceCase("5.7-empty", Criterion.REJECTS_EMPTY_SEQUENCE, w, cfg, 1, why, ""));
        return cases.stream();
    }

    private static void addNearLossless(List<ConformanceCase> cases, WorkloadSpec w, SampleAttentionConfig cfg) {
        String settings = cfg.minSparseLength() == SampleAttentionConfig.DEFAULT_MIN_SPARSE_LENGTH ? "defaults" : "small";
        cases.add(new ConformanceCase(id(Criterion.COVERAGE, w, settings), Criterion.COVERAGE, w, cfg,
                cfg.alpha() - COVERAGE_SLACK,
                "the filter reaches alpha on sampled blocks; unsampled rows may fall short by sampling error, 0.02 allowed", ""));
        cases.add(new ConformanceCase(id(Criterion.OUTPUT_ERROR, w, settings), Criterion.OUTPUT_ERROR, w, cfg,
                OUTPUT_ERROR_BOUND,
                "a row with coverage c errs by (1-c)*|mean missed v - mean kept v| <= 0.07*~3.5|o|: 0.25; broken kernels give O(1)", ""));
        if (w.kind() == WorkloadKind.NEEDLE || w.kind() == WorkloadKind.LLM) {
            cases.add(new ConformanceCase(id(Criterion.NEEDLE_RETRIEVED, w, settings), Criterion.NEEDLE_RETRIEVED, w, cfg,
                    NEEDLE_RECALL, "kept needle: ~1/coverage of dense's share (>1); lost needle: ~0", ""));
        }
    }

    private static ConformanceCase adaptive(WorkloadSpec w, SampleAttentionConfig cfg) {
        boolean diffuse = w.kind() == WorkloadKind.DIFFUSE;
        String settings = cfg.minSparseLength() == SampleAttentionConfig.DEFAULT_MIN_SPARSE_LENGTH ? "defaults" : "small";
        return new ConformanceCase(id(Criterion.ADAPTIVE_COLUMNS, w, settings), Criterion.ADAPTIVE_COLUMNS, w, cfg,
                diffuse ? DIFFUSE_DENSITY : ADAPTIVE_RATIO, diffuse
                        ? "near-uniform attention needs most columns: dense fallback or density >= 0.5"
                        : "stripes need their columns, local heads almost none: a fixed budget per head cannot pass", "");
    }

    private static ConformanceCase exact(Criterion criterion, WorkloadSpec w, SampleAttentionConfig cfg, String variant) {
        boolean half = w.dtype() != DType.F32;
        String suffix = (cfg.causal() ? "causal" : "full") + (variant.isEmpty() ? "" : "-" + variant)
                + (cfg.windowRatio() == 0 ? "-window1" : "");
        return new ConformanceCase(id(criterion, w, suffix), criterion, w, cfg, half ? HALF_TOLERANCE : F32_TOLERANCE,
                half ? HALF_WHY : F32_WHY, variant);
    }

    private static String id(Criterion criterion, WorkloadSpec w, String suffix) {
        return criterion.number() + "-" + w.label() + (suffix.isEmpty() ? "" : "-" + suffix);
    }

    private static WorkloadSpec spec(WorkloadKind kind, int nk, int nq, int hq, int hkv, int d, DType dtype) {
        return new WorkloadSpec(kind, nk, nq, hq, hkv, d, dtype, 20261129L + nk * 31L + d);
    }
}
