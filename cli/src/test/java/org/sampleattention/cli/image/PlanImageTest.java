package org.sampleattention.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.plan.SparsePlan;

class PlanImageTest {
    // one pixel per key and per query row: 100 x 100, window 10, columns 5 and 50
    private static final MaskGeometry GEOMETRY = new MaskGeometry(100, 100, 10, true);
    private static final SparsePlan PLAN = new SparsePlan(GEOMETRY, List.of(
            new HeadPlan(0, 0, false, 10, new int[] {5, 50}, 0.97),
            HeadPlan.dense(1, 0, 10, Double.NaN)));

    @Test
    void drawsWindowBandColumnStripesAndTheCausalTriangle() {
        BufferedImage image = PlanImage.draw(PLAN, 0, null, 100);
        assertEquals(100, image.getWidth());
        assertEquals(100, image.getHeight());
        assertEquals(PlanImage.COLUMN, rgb(image, 5, 90), "column 5 seen outside the window by row 90");
        assertEquals(PlanImage.COLUMN, rgb(image, 50, 90));
        assertEquals(PlanImage.WINDOW, rgb(image, 85, 90), "key 85 lies in row 90's window (81..90)");
        assertEquals(PlanImage.WINDOW, rgb(image, 90, 90), "the diagonal");
        assertEquals(PlanImage.VISIBLE, rgb(image, 30, 90), "visible, not computed");
        assertEquals(PlanImage.OUTSIDE, rgb(image, 95, 90), "above the diagonal: masked");
        assertEquals(PlanImage.WINDOW, rgb(image, 50, 55), "column 50 is inside row 55's window");
        assertEquals(PlanImage.OUTSIDE, rgb(image, 50, 45), "row 45 cannot see key 50");
    }

    @Test
    void aDenseHeadFillsItsTriangle() {
        BufferedImage image = PlanImage.draw(PLAN, 1, null, 100);
        assertEquals(PlanImage.DENSE, rgb(image, 30, 90));
        assertEquals(PlanImage.DENSE, rgb(image, 0, 0));
        assertEquals(PlanImage.OUTSIDE, rgb(image, 1, 0));
    }

    @Test
    void scalesLongSequencesDownAndKeepsThinStripesVisible() {
        MaskGeometry g = new MaskGeometry(100_000, 100_000, 8000, true);
        SparsePlan plan = new SparsePlan(g, List.of(new HeadPlan(0, 0, false, 8000, new int[] {0, 12_345}, 1)));
        BufferedImage image = PlanImage.draw(plan, 0, null, 200);
        assertEquals(200, image.getWidth());
        assertEquals(200, image.getHeight());
        assertEquals(PlanImage.COLUMN, rgb(image, 0, 199), "the sink column, one key of 500 per pixel");
        assertEquals(PlanImage.COLUMN, rgb(image, 24, 199), "key 12345 falls in pixel column 24");
        assertEquals(PlanImage.VISIBLE, rgb(image, 100, 199));
    }

    @Test
    void heatMapPanelShowsWhereEachSampledBlockAttends() {
        SampleAttentionConfig config = SampleAttentionConfig.builder().sampleBlock(10).sampleRatio(0.2).build();
        SampleBlocks blocks = SampleBlocks.of(100, config); // rows 40..49 and 90..99
        HostColumnScores scores = new HostColumnScores(new ScoreLayout(2, 1, GEOMETRY, blocks));
        scores.residualOf(0)[100 + 5] = 8f; // the last block: 0.8 per row on key 5, 0.05 on key 40
        scores.residualOf(0)[100 + 40] = 0.5f;
        scores.residualOf(0)[7] = 0.0008f; // the first block: four decades below the hottest key
        BufferedImage image = PlanImage.draw(PLAN, 0, scores, 100);
        assertEquals(208, image.getWidth(), "two panels and a gap");
        int left = 108;
        // strip of the last block: the lower half
        assertEquals(PlanImage.hot(1), rgb(image, left + 5, 75), "the hottest key is white-hot");
        assertEquals(PlanImage.hot(PlanImage.logScale(0.05, 0.8)), rgb(image, left + 40, 75));
        assertTrue(PlanImage.logScale(0.05, 0.8) > 0.6 && PlanImage.logScale(0.05, 0.8) < 0.8);
        assertEquals(PlanImage.hot(0), rgb(image, left + 60, 75), "no attention: black");
        assertEquals(PlanImage.WINDOW, rgb(image, left + 95, 75), "the window of row 99");
        // strip of the first block: the upper half, which sees keys up to 49
        assertEquals(PlanImage.hot(0), rgb(image, left + 7, 25), "four decades down is black");
        assertEquals(PlanImage.WINDOW, rgb(image, left + 45, 25), "the window of row 49");
        assertEquals(PlanImage.OUTSIDE, rgb(image, left + 60, 25), "beyond row 49's position");
    }

    @Test
    void tilesEveryHead() {
        BufferedImage grid = PlanImage.drawHeads(PLAN, 4, 100);
        assertEquals(208, grid.getWidth(), "two heads side by side");
        assertEquals(100, grid.getHeight());
        assertEquals(PlanImage.COLUMN, rgb(grid, 5, 90), "head 0 on the left");
        assertEquals(PlanImage.DENSE, rgb(grid, 108 + 30, 90), "head 1 on the right");
        BufferedImage column = PlanImage.drawHeads(PLAN, 1, 100);
        assertEquals(208, column.getHeight(), "one head per row");
        assertEquals(PlanImage.DENSE, rgb(column, 30, 108 + 90));
    }

    @Test
    void rejectsBadHeadsAndSizes() {
        assertThrows(IllegalArgumentException.class, () -> PlanImage.draw(PLAN, 2, null, 100));
        assertThrows(IllegalArgumentException.class, () -> PlanImage.draw(PLAN, 0, null, 3));
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }
}
