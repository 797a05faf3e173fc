package org.sampleattention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionEngine;

class SampleAttentionTest {

    private static AttentionInput input(int heads, int kvHeads, int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new AttentionInput(random(r, heads, n, d), random(r, kvHeads, n, d), random(r, kvHeads, n, d));
    }

    private static Tensor random(SplittableRandom r, int h, int n, int d) {
        float[] v = new float[h * n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(DType.F32, v, h, n, d);
    }

    @Test
    void belowMinSparseLengthItRunsDenseWithoutSampling() {
        AttentionInput in = input(2, 1, 40, 8, 1);
        try (AttentionEngine engine = new ReferenceBackend().create();
             SampleAttentionResult r = new SampleAttention(engine, SampleAttentionConfig.defaults()).compute(in);
             Tensor dense = (Tensor) engine.attention().dense(in, SampleAttentionConfig.defaults())) {
            assertEquals(1.0, r.stats().density());
            assertEquals(0, r.stats().sampleNanos());
            assertTrue(r.stats().perHead().stream().allMatch(HeadStats::dense));
            assertTrue(Double.isNaN(r.stats().perHead().get(0).estimatedCoverage()));
            assertEquals(0, java.util.Arrays.compare(dense.toFloatArray(), ((Tensor) r.output()).toFloatArray()));
        }
    }

    @Test
    void aboveItSamplesFiltersAndReportsEachHead() {
        AttentionInput in = input(4, 2, 300, 8, 2);
        SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).sampleBlock(16)
                .denseFallbackDensity(1).build();
        try (AttentionEngine engine = new ReferenceBackend().create();
             SampleAttentionResult r = new SampleAttention(engine, config).compute(in)) {
            AttentionStats s = r.stats();
            assertEquals("reference", s.backend());
            assertEquals(4, s.perHead().size());
            assertTrue(s.sampleNanos() > 0 && s.filterNanos() > 0 && s.attendNanos() > 0);
            for (HeadStats h : s.perHead()) {
                assertFalse(h.dense());
                assertEquals(r.plan().density(h.qHead()), h.density());
                assertTrue(h.estimatedCoverage() >= config.alpha(), "every block reached alpha: " + h);
                assertTrue(h.density() < 1);
            }
        }
    }
}
