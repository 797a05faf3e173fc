package org.sampleattention.cli.image;

import java.awt.image.BufferedImage;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.SparsePlan;

/**
 * Draws one head's plan: query rows down, keys across. Keys a row may see (the causal triangle) are
 * grey, the local window band and the selected column stripes are coloured, a dense head fills its
 * whole triangle. With column scores, a second panel to the right shows the sampled attention as a
 * heat map: a strip per sampled block, its residual (outside-window) attention per key.
 */
public final class PlanImage {
    public static final int OUTSIDE = 0xFFFFFF;
    public static final int VISIBLE = 0xE4E4E4;
    public static final int WINDOW = 0x2F6DB5;
    public static final int COLUMN = 0xE4572E;
    public static final int DENSE = 0x7B4FA0;
    private static final int GAP = 8;
    private static final double HEAT_DECADES = 4;

    private PlanImage() {
    }

    /**
     * @param size   width of a panel in pixels (at most one pixel per key); the height follows the
     *               query-to-key ratio
     * @param scores the sampling stage's scores for the heat map, or null for the plan alone
     */
    public static BufferedImage draw(SparsePlan plan, int qHead, HostColumnScores scores, int size) {
        if (qHead < 0 || qHead >= plan.qHeads()) {
            throw new IllegalArgumentException("head " + qHead + " is out of range: the plan has q-heads 0.."
                    + (plan.qHeads() - 1));
        }
        if (size < 16 || size > 8192) {
            throw new IllegalArgumentException("image size must be in [16, 8192] pixels, got " + size);
        }
        MaskGeometry g = plan.geometry();
        int width = Math.min(size, g.keyLength());
        int height = (int) Math.max(1, Math.min(g.queryLength(), Math.round((double) width * g.queryLength() / g.keyLength())));
        BufferedImage image = new BufferedImage(scores == null ? width : 2 * width + GAP, height,
                BufferedImage.TYPE_INT_RGB);
        fill(image, 0, 0, image.getWidth(), height, OUTSIDE);
        drawPlan(image, g, plan.head(qHead), width, height);
        if (scores != null) {
            drawHeat(image, g, scores, qHead, width + GAP, width, height);
        }
        return image;
    }

    /**
     * Every head's plan, tiled left to right and top to bottom, {@code perRow} panels to a row,
     * separated by white gaps.
     */
    public static BufferedImage drawHeads(SparsePlan plan, int perRow, int size) {
        if (perRow < 1) {
            throw new IllegalArgumentException("panels per row must be at least 1, got " + perRow);
        }
        BufferedImage first = draw(plan, 0, null, size);
        int w = first.getWidth(), h = first.getHeight();
        int cols = Math.min(perRow, plan.qHeads());
        int rows = (plan.qHeads() + cols - 1) / cols;
        BufferedImage grid = new BufferedImage(cols * w + (cols - 1) * GAP, rows * h + (rows - 1) * GAP,
                BufferedImage.TYPE_INT_RGB);
        fill(grid, 0, 0, grid.getWidth(), grid.getHeight(), OUTSIDE);
        var g = grid.createGraphics();
        try {
            for (int head = 0; head < plan.qHeads(); head++) {
                BufferedImage panel = head == 0 ? first : draw(plan, head, null, size);
                g.drawImage(panel, (head % cols) * (w + GAP), (head / cols) * (h + GAP), null);
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    private static void drawPlan(BufferedImage image, MaskGeometry g, HeadPlan head, int width, int height) {
        int nk = g.keyLength();
        // the smallest selected column in each pixel column's key range, or MAX_VALUE if none
        int[] firstColumn = new int[width];
        java.util.Arrays.fill(firstColumn, Integer.MAX_VALUE);
        for (int c : head.columns()) {
            int x = (int) ((long) c * width / nk);
            firstColumn[x] = Math.min(firstColumn[x], c);
        }
        for (int y = 0; y < height; y++) {
            int row = centre(y, height, g.queryLength());
            int visibleEnd = g.visibleEnd(row);
            int windowStart = g.windowStart(row);
            int windowEnd = g.windowEnd(row);
            for (int x = 0; x < width; x++) {
                long k0 = (long) x * nk / width;
                long k1 = Math.max(k0 + 1, (long) (x + 1) * nk / width);
                int colour;
                if (k0 >= visibleEnd) {
                    colour = OUTSIDE;
                } else if (head.dense()) {
                    colour = DENSE;
                } else if (k0 < windowEnd && k1 > windowStart) {
                    colour = WINDOW;
                } else if (firstColumn[x] < visibleEnd) {
                    colour = COLUMN;
                } else {
                    colour = VISIBLE;
                }
                image.setRGB(x, y, colour);
            }
        }
    }

    /**
     * One horizontal strip per sampled block, top to bottom: per key, the block's mean residual
     * attention per row on a log scale over {@value #HEAT_DECADES} decades below the hottest key; keys
     * in the window of the block's last row (whose mass is counted as a whole, not per key) in the
     * window colour, keys it cannot see in white.
     */
    private static void drawHeat(BufferedImage image, MaskGeometry g, HostColumnScores scores, int qHead, int left,
                                 int width, int height) {
        int nk = g.keyLength();
        SampleBlocks blocks = scores.layout().blocks();
        double[][] heat = new double[blocks.count()][width];
        double max = 0;
        for (int b = 0; b < blocks.count(); b++) {
            for (int j = 0; j < nk; j++) {
                heat[b][(int) ((long) j * width / nk)] += scores.residual(qHead, b, j) / blocks.rows(b);
            }
            for (double h : heat[b]) {
                max = Math.max(max, h);
            }
        }
        for (int b = 0; b < blocks.count(); b++) {
            int lastRow = blocks.end(b) - 1;
            int visibleEnd = g.visibleEnd(lastRow), windowStart = g.windowStart(lastRow), windowEnd = g.windowEnd(lastRow);
            int y0 = (int) ((long) b * height / blocks.count());
            int y1 = (int) Math.max(y0 + 1, (long) (b + 1) * height / blocks.count());
            for (int x = 0; x < width; x++) {
                long k0 = (long) x * nk / width;
                long k1 = Math.max(k0 + 1, (long) (x + 1) * nk / width);
                int colour = k0 >= visibleEnd ? OUTSIDE
                        : k0 < windowEnd && k1 > windowStart ? WINDOW
                        : hot(logScale(heat[b][x], max));
                for (int y = y0; y < Math.min(y1, height); y++) {
                    image.setRGB(left + x, y, colour);
                }
            }
        }
    }

    /** 1 at {@code max}, 0 at {@value #HEAT_DECADES} decades below it (and for nothing at all). */
    static double logScale(double value, double max) {
        if (!(value > 0) || !(max > 0)) {
            return 0;
        }
        return Math.clamp(1 + Math.log10(value / max) / HEAT_DECADES, 0, 1);
    }

    /** The "hot" colour map: black, red, yellow, white as t goes from 0 to 1. */
    public static int hot(double t) {
        double v = Math.clamp(t, 0, 1) * 3;
        int r = (int) Math.round(255 * Math.min(1, v));
        int gr = (int) Math.round(255 * Math.clamp(v - 1, 0, 1));
        int b = (int) Math.round(255 * Math.clamp(v - 2, 0, 1));
        return r << 16 | gr << 8 | b;
    }

    private static int centre(int pixel, int pixels, int rows) {
        long from = (long) pixel * rows / pixels;
        long to = Math.max(from + 1, (long) (pixel + 1) * rows / pixels);
        return (int) ((from + to - 1) / 2);
    }

    private static void fill(BufferedImage image, int x0, int y0, int w, int h, int colour) {
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                image.setRGB(x, y, colour);
            }
        }
    }
}
