package org.sampleattention.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.sampleattention.SampleAttentionConfig;

class HeadPlanTest {
    private static final SampleAttentionConfig CONFIG = SampleAttentionConfig.builder().denseFallbackDensity(0.5)
            .windowRatio(0.1).build();
    private static final MaskGeometry GEOMETRY = new MaskGeometry(200, 200, 20, true);
    private static final ScoreLayout LAYOUT = new ScoreLayout(4, 2, GEOMETRY, SampleBlocks.of(200, CONFIG));

    @Test
    void columnsUnderTheFallbackDensityMakeASparsePlan() {
        int[] columns = {0, 7, 100};
        HeadPlan plan = HeadPlan.fromColumns(LAYOUT, 3, columns, 0.97, CONFIG);
        assertFalse(plan.dense());
        assertEquals(1, plan.kvHead());
        assertEquals(20, plan.window());
        assertArrayEquals(columns, plan.columns());
        assertEquals(0.97, plan.estimatedCoverage());
        assertTrue((double) GEOMETRY.sparsePairs(columns) / GEOMETRY.densePairs() <= 0.5);
    }

    @Test
    void columnsOverTheFallbackDensityMakeTheHeadDense() {
        int[] columns = IntStream.range(0, 120).toArray();
        assertTrue((double) GEOMETRY.sparsePairs(columns) / GEOMETRY.densePairs() > 0.5);
        HeadPlan plan = HeadPlan.fromColumns(LAYOUT, 2, columns, 0.97, CONFIG);
        assertTrue(plan.dense());
        assertEquals(1, plan.kvHead());
        assertEquals(1.0, plan.estimatedCoverage());
    }
}
