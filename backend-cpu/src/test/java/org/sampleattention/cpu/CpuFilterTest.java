package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.reference.BlockCoverageFilter;

/** The parallel filter makes exactly the reference filter's plans, ties and fallbacks included. */
class CpuFilterTest {

    @ParameterizedTest(name = "Nk={0} alpha={1} fallback={2} seed={3}")
    @CsvSource({"1,0.95,0.8,1", "7,0.5,1.0,2", "1000,0.95,0.8,3", "1000,0.99,1.0,4", "4097,0.9,0.3,5", "333,1.0,1.0,6"})
    void plansEqualTheReference(int keys, double alpha, double fallback, long seed) {
        SampleAttentionConfig config = SampleAttentionConfig.builder().alpha(alpha).denseFallbackDensity(fallback)
                .minSparseLength(0).sampleBlock(8).sampleRatio(0.1).windowRatio(0.05).build();
        HostColumnScores scores = randomScores(keys, config, new SplittableRandom(seed));
        try (CpuEngine engine = Kernels.VECTOR.engine()) {
            SparsePlan expected = new BlockCoverageFilter().filter(scores, config);
            SparsePlan actual = engine.filter().filter(scores, config);
            assertEquals(expected, actual);
        }
    }

    /** Scores with exact zeros and repeated values, so ties and the cut are exercised. */
    private static HostColumnScores randomScores(int keys, SampleAttentionConfig config, SplittableRandom random) {
        int queries = Math.max(1, keys - 3);
        MaskGeometry geometry = new MaskGeometry(queries, keys, config.windowFor(keys), true);
        SampleBlocks blocks = SampleBlocks.of(queries, config);
        HostColumnScores scores = new HostColumnScores(new ScoreLayout(4, 2, geometry, blocks));
        for (int h = 0; h < 4; h++) {
            float[] residual = scores.residualOf(h);
            for (int i = 0; i < residual.length; i++) {
                int kind = random.nextInt(10);
                residual[i] = kind < 3 ? 0f : kind < 5 ? 0.125f : (float) (random.nextDouble() * 0.01);
            }
            double[] covered = scores.coveredOf(h);
            for (int b = 0; b < covered.length; b++) {
                float[] row = Arrays.copyOfRange(residual, b * keys, (b + 1) * keys);
                double mass = 0;
                for (float x : row) {
                    mass += x;
                }
                // a block's covered mass: a random share of its rows, leaving the rest to the columns
                covered[b] = Math.max(0, blocks.rows(b) - mass) * random.nextDouble();
            }
        }
        return scores;
    }
}
