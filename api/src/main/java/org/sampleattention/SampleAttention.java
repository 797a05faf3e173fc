package org.sampleattention;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.AttentionEngine;

/**
 * The orchestrator: sample, filter, then sparse attention, on one engine with one configuration.
 * Below {@code minSparseLength} keys it runs dense attention without sampling. Thread-safe if the
 * engine is.
 */
public final class SampleAttention {
    private final AttentionEngine engine;
    private final SampleAttentionConfig config;

    public SampleAttention(AttentionEngine engine, SampleAttentionConfig config) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.config = Objects.requireNonNull(config, "config");
    }

    public AttentionEngine engine() {
        return engine;
    }

    public SampleAttentionConfig config() {
        return config;
    }

    /** Adaptive sparse attention of the input; the caller closes the result. */
    public SampleAttentionResult compute(AttentionInput input) {
        MaskGeometry geometry = new MaskGeometry(input.queryLength(), input.keyLength(),
                config.windowFor(input.keyLength()), config.causal());
        long t0 = System.nanoTime();
        if (input.keyLength() < config.minSparseLength()) {
            SparsePlan plan = SparsePlan.allDense(geometry, input.qHeads(), input.kvHeads());
            AttentionTensor out = engine.attention().dense(input, config);
            return new SampleAttentionResult(out, plan, stats(plan, 0, 0, System.nanoTime() - t0));
        }
        SparsePlan plan;
        long t1, t2;
        try (var scores = engine.sampler().sample(input, config)) {
            t1 = System.nanoTime();
            plan = engine.filter().filter(scores, config);
            t2 = System.nanoTime();
        }
        AttentionTensor out = engine.attention().sparse(input, plan, config);
        long t3 = System.nanoTime();
        return new SampleAttentionResult(out, plan, stats(plan, t1 - t0, t2 - t1, t3 - t2));
    }

    /** Dense attention of the input with this configuration's scale and masking. */
    public AttentionTensor dense(AttentionInput input) {
        return engine.attention().dense(input, config);
    }

    private AttentionStats stats(SparsePlan plan, long sample, long filter, long attend) {
        List<HeadStats> heads = new ArrayList<>(plan.qHeads());
        for (int h = 0; h < plan.qHeads(); h++) {
            HeadPlan p = plan.head(h);
            heads.add(new HeadStats(h, p.columnCount(), plan.density(h), p.estimatedCoverage(), p.dense()));
        }
        return new AttentionStats(engine.backendName(), engine.device(), sample, filter, attend, plan.density(), heads);
    }
}
