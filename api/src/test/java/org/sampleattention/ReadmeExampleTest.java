package org.sampleattention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sampleattention.select.Backends;
import org.sampleattention.spi.AttentionEngine;

/** The README's "Using the library" snippet, as written there, so the README cannot drift from the API. */
class ReadmeExampleTest {

    @Test
    void theReadmeSnippetRuns() {
        int n = 300;
        float[] qValues = random(4 * n * 16), kValues = random(2 * n * 16), vValues = random(2 * n * 16);
        SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(256).build();
        try (AttentionEngine engine = Backends.createEngine();
             Tensor q = Tensor.of(DType.BF16, qValues, 4, n, 16);
             Tensor k = Tensor.of(DType.BF16, kValues, 2, n, 16);
             Tensor v = Tensor.of(DType.BF16, vValues, 2, n, 16)) {
            AttentionInput input = new AttentionInput(engine.upload(q), engine.upload(k), engine.upload(v));
            try (SampleAttentionResult result = new SampleAttention(engine, config).compute(input);
                 Tensor out = engine.download(result.output())) {
                assertEquals(Shape.of(4, n, 16), out.shape());
                assertEquals(4, result.stats().perHead().size());
                // random inputs attend diffusely, so heads may fall back to dense: only the bounds are certain
                assertTrue(result.stats().perHead().stream().allMatch(h -> h.density() > 0 && h.density() <= 1));
                assertTrue(result.stats().sampleNanos() > 0, "above minSparseLength the heads were sampled");
            }
        }
    }

    private static float[] random(int size) {
        SplittableRandom r = new SplittableRandom(size);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
