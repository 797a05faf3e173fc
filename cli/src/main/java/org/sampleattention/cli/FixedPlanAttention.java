package org.sampleattention.cli;

import java.util.ArrayList;
import java.util.List;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionStats;
import org.sampleattention.AttentionTensor;
import org.sampleattention.HeadStats;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;

/**
 * Attention under a plan that was not sampled in this call: dense ({@code run --dense}) or read from
 * a file ({@code run --use-plan}). Results and statistics take the same shape as
 * {@link SampleAttention#compute}'s, with zero sampling and filtering time.
 */
final class FixedPlanAttention {
    private FixedPlanAttention() {
    }

    static SampleAttentionResult dense(SampleAttention sa, AttentionInput input) {
        MaskGeometry geometry = new MaskGeometry(input.queryLength(), input.keyLength(),
                sa.config().windowFor(input.keyLength()), sa.config().causal());
        SparsePlan plan = SparsePlan.allDense(geometry, input.qHeads(), input.kvHeads());
        long t0 = System.nanoTime();
        AttentionTensor out = sa.dense(input);
        return new SampleAttentionResult(out, plan, stats(sa, plan, System.nanoTime() - t0));
    }

    static SampleAttentionResult withPlan(SampleAttention sa, AttentionInput input, SparsePlan plan) {
        plan.requireFits(input, sa.config());
        long t0 = System.nanoTime();
        AttentionTensor out = sa.engine().attention().sparse(input, plan, sa.config());
        return new SampleAttentionResult(out, plan, stats(sa, plan, System.nanoTime() - t0));
    }

    private static AttentionStats stats(SampleAttention sa, SparsePlan plan, long attendNanos) {
        List<HeadStats> heads = new ArrayList<>(plan.qHeads());
        for (int h = 0; h < plan.qHeads(); h++) {
            HeadPlan p = plan.head(h);
            heads.add(new HeadStats(h, p.columnCount(), plan.density(h), p.estimatedCoverage(), p.dense()));
        }
        return new AttentionStats(sa.engine().backendName(), sa.engine().device(), 0, 0, attendNanos, plan.density(),
                heads);
    }
}
