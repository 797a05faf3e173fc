package org.sampleattention.conformance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionEngine;

/**
 * The reference backend's scores and plan per workload and configuration, computed once per JVM: the
 * reference is scalar f64 and slow, and every backend (and every broken one in the kit's own tests)
 * is compared with the same answer.
 */
final class ReferenceResults {
    record Planned(HostColumnScores scores, SparsePlan plan) {
    }

    private static final Map<String, Planned> PLANS = new ConcurrentHashMap<>();

    private ReferenceResults() {
    }

    static Planned plan(Workload workload, SampleAttentionConfig config) {
        String key = workload.spec().label() + "|" + config;
        return PLANS.computeIfAbsent(key, k -> {
            try (AttentionEngine engine = new ReferenceBackend().create()) {
                HostColumnScores scores = engine.sampler().sample(workload.input(), config).toHost();
                return new Planned(scores, engine.filter().filter(scores, config));
            }
        });
    }
}
