package org.sampleattention.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.Capabilities;

/**
 * Criteria 5.x: bad input gets an {@link IllegalArgumentException} (or {@link IllegalStateException})
 * whose message names the problem, never a crash, a hang, a wrong answer or another exception type.
 * Shapes, settings and empty sequences are guarded by the API's own types (a backend cannot even be
 * handed them); the kit checks that those guards hold so that the promise is kept end to end.
 */
final class InputValidationCheck {
    private InputValidationCheck() {
    }

    static CaseResult run(AttentionBackend backend, ConformanceCase c) {
        return switch (c.criterion()) {
            case REJECTS_NON_FINITE -> nonFinite(backend, c);
            case REJECTS_FOREIGN_PLAN -> foreignPlan(backend, c);
            case REJECTS_UNSUPPORTED_DTYPE -> unsupportedDtype(backend, c);
            case REJECTS_UNSUPPORTED_HEAD_DIM -> unsupportedHeadDim(backend, c);
            case REJECTS_MISMATCHED_SHAPES -> expect(c, List.of("head dim", "shape", "multiple", "nq"),
                    () -> mismatchedShapes(c.variant()));
            case REJECTS_OUT_OF_RANGE_CONFIG -> outOfRangeConfig(c);
            case REJECTS_EMPTY_SEQUENCE -> expect(c, List.of("empty"), () -> {
                try (Tensor q = Tensor.allocate(DType.F32, 1, 0, 8); Tensor k = Tensor.allocate(DType.F32, 1, 0, 8);
                     Tensor v = Tensor.allocate(DType.F32, 1, 0, 8)) {
                    new AttentionInput(q, k, v);
                }
            });
            default -> throw new IllegalArgumentException("not a validation criterion: " + c.criterion());
        };
    }

    /** One non-finite value planted in q, k or v: dense attention and sampling must both refuse it. */
    private static CaseResult nonFinite(AttentionBackend backend, ConformanceCase c) {
        try (Workload w = Workload.generate(c.workload()); EngineSession session = new EngineSession(backend)) {
            AttentionInput host = w.input();
            Tensor target = switch (c.variant()) {
                case "nan-q" -> (Tensor) host.q();
                case "inf-k" -> (Tensor) host.k();
                case "nan-v" -> (Tensor) host.v();
                default -> throw new IllegalArgumentException("unknown variant " + c.variant());
            };
            target.set(target.elementCount() / 2 + 1, c.variant().startsWith("inf") ? Float.POSITIVE_INFINITY : Float.NaN);
            AttentionInput input = session.upload(host);
            List<String> words = List.of("nan", "finite", "inf");
            CaseResult dense = expect(c, words, () -> close(session.engine().attention().dense(input, c.config())));
            if (dense.verdict() != Verdict.PASS || c.variant().equals("nan-v")) {
                return dense; // the sampler never reads v
            }
            return expect(c, words, () -> session.engine().sampler().sample(input, c.config()).close());
        }
    }

    private static CaseResult foreignPlan(AttentionBackend backend, ConformanceCase c) {
        WorkloadSpec spec = c.workload();
        WorkloadSpec other = switch (c.variant()) {
            case "other-length" -> new WorkloadSpec(spec.kind(), spec.keyLength() + 1, spec.queryLength() + 1,
                    spec.qHeads(), spec.kvHeads(), spec.headDim(), spec.dtype(), spec.seed());
            case "other-heads" -> new WorkloadSpec(spec.kind(), spec.keyLength(), spec.queryLength(),
                    spec.qHeads() * 2, spec.kvHeads(), spec.headDim(), spec.dtype(), spec.seed());
            default -> throw new IllegalArgumentException("unknown variant " + c.variant());
        };
        try (Workload w = Workload.generate(spec); Workload o = Workload.generate(other);
             EngineSession session = new EngineSession(backend)) {
            SparsePlan plan = FixedPlans.build(FixedPlans.COLUMNS, o.input(), c.config(), 1);
            AttentionInput input = session.upload(w.input());
            return expect(c, List.of("plan"), () -> close(session.engine().attention().sparse(input, plan, c.config())));
        }
    }

    private static CaseResult unsupportedDtype(AttentionBackend backend, ConformanceCase c) {
        Capabilities caps = backend.capabilities();
        DType missing = null;
        for (DType t : DType.values()) {
            if (!caps.supports(t)) {
                missing = t;
                break;
            }
        }
        if (missing == null) {
            return skipped(c, "backend declares every dtype (" + caps.dtypes() + "): nothing to reject");
        }
        int d = caps.supportsHeadDim(c.workload().headDim()) ? c.workload().headDim() : caps.minHeadDim();
        WorkloadSpec spec = new WorkloadSpec(c.workload().kind(), c.workload().keyLength(), c.workload().queryLength(),
                c.workload().qHeads(), c.workload().kvHeads(), d, missing, c.workload().seed());
        String name = missing.name().toLowerCase(Locale.ROOT);
        return rejects(backend, c, spec, List.of(name, "dtype"));
    }

    private static CaseResult unsupportedHeadDim(AttentionBackend backend, ConformanceCase c) {
        Capabilities caps = backend.capabilities();
        int d = -1;
        if (caps.headDimStep() > 1 && !caps.supportsHeadDim(caps.minHeadDim() + 1)) {
            d = caps.minHeadDim() + 1;
        } else if (caps.maxHeadDim() < 4096) {
            d = caps.maxHeadDim() + 1;
        } else if (caps.minHeadDim() > 1) {
            d = caps.minHeadDim() - 1;
        }
        if (d < 1) {
            return skipped(c, "backend declares head dims " + caps.minHeadDim() + ".." + caps.maxHeadDim()
                    + ": no small undeclared head dim to try");
        }
        DType dtype = caps.supports(c.workload().dtype()) ? c.workload().dtype() : caps.dtypes().iterator().next();
        WorkloadSpec spec = new WorkloadSpec(c.workload().kind(), c.workload().keyLength(), c.workload().queryLength(),
                c.workload().qHeads(), c.workload().kvHeads(), d, dtype, c.workload().seed());
        return rejects(backend, c, spec, List.of("head dim", "headdim", "head_dim", String.valueOf(d)));
    }

    /** Dense attention on an input the backend does not declare must be refused, naming the reason. */
    private static CaseResult rejects(AttentionBackend backend, ConformanceCase c, WorkloadSpec spec, List<String> words) {
        try (Workload w = Workload.generate(spec); EngineSession session = new EngineSession(backend)) {
            return expect(c, words, () -> {
                AttentionInput input = session.upload(w.input());
                close(session.engine().attention().dense(input, c.config()));
            });
        }
    }

    private static void mismatchedShapes(String variant) {
        int[][] dims = switch (variant) {
            case "head-dim" -> new int[][] {{2, 16, 8}, {2, 16, 4}};
            case "gqa" -> new int[][] {{3, 16, 8}, {2, 16, 8}};
            case "nq-exceeds-nk" -> new int[][] {{2, 17, 8}, {2, 16, 8}};
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
        try (Tensor q = Tensor.allocate(DType.F32, dims[0][0], dims[0][1], dims[0][2]);
             Tensor k = Tensor.allocate(DType.F32, dims[1][0], dims[1][1], dims[1][2]);
             Tensor v = Tensor.allocate(DType.F32, dims[1][0], dims[1][1], dims[1][2])) {
            new AttentionInput(q, k, v);
        }
    }

    /** Every out-of-range setting must be refused by the builder, naming the setting. */
    private static CaseResult outOfRangeConfig(ConformanceCase c) {
        record Bad(String name, Supplier<SampleAttentionConfig> build) {
        }
        List<Bad> bad = List.of(
                new Bad("alpha", () -> SampleAttentionConfig.builder().alpha(0).build()),
                new Bad("alpha", () -> SampleAttentionConfig.builder().alpha(1.5).build()),
                new Bad("alpha", () -> SampleAttentionConfig.builder().alpha(Double.NaN).build()),
                new Bad("sampleRatio", () -> SampleAttentionConfig.builder().sampleRatio(0).build()),
                new Bad("windowRatio", () -> SampleAttentionConfig.builder().windowRatio(-0.1).build()),
                new Bad("sampleBlock", () -> SampleAttentionConfig.builder().sampleBlock(0).build()),
                new Bad("minSparseLength", () -> SampleAttentionConfig.builder().minSparseLength(-1).build()),
                new Bad("denseFallbackDensity", () -> SampleAttentionConfig.builder().denseFallbackDensity(2).build()),
                new Bad("scale", () -> SampleAttentionConfig.builder().scale(0).build()));
        List<String> problems = new ArrayList<>();
        for (Bad b : bad) {
            CaseResult r = expect(c, List.of(b.name().toLowerCase(Locale.ROOT)), b.build()::get);
            if (r.verdict() != Verdict.PASS) {
                problems.add(r.detail());
            }
        }
        return problems.isEmpty()
                ? new CaseResult(c.id(), c.criterion().label(), Verdict.PASS, bad.size(), bad.size(),
                        bad.size() + " out-of-range settings each rejected naming the setting", 0)
                : new CaseResult(c.id(), c.criterion().label(), Verdict.FAIL, bad.size() - problems.size(), bad.size(),
                        String.join("; ", problems), 0);
    }

    /** Runs {@code action} and checks that it threw IAE/ISE whose message holds one of {@code words}. */
    static CaseResult expect(ConformanceCase c, List<String> words, Runnable action) {
        try {
            action.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            boolean named = words.stream().anyMatch(message::contains);
            return new CaseResult(c.id(), c.criterion().label(), named ? Verdict.PASS : Verdict.FAIL, named ? 1 : 0, 1,
                    named ? "rejected: " + e.getMessage()
                            : "rejected, but the message does not name the problem (expected one of " + words + "): "
                                    + e.getMessage(), 0);
        } catch (RuntimeException e) {
            return new CaseResult(c.id(), c.criterion().label(), Verdict.FAIL, 0, 1,
                    "threw " + e.getClass().getName() + " instead of IllegalArgumentException/IllegalStateException: "
                            + e.getMessage(), 0);
        }
        return new CaseResult(c.id(), c.criterion().label(), Verdict.FAIL, 0, 1, "accepted: no exception was thrown", 0);
    }

    private static CaseResult skipped(ConformanceCase c, String reason) {
        return new CaseResult(c.id(), c.criterion().label(), Verdict.SKIPPED, Double.NaN, 1, reason, 0);
    }

    private static void close(AttentionTensor t) {
        if (t != null) {
            t.close();
        }
    }
}
