package org.sampleattention.cpu;

import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Attention;
import org.sampleattention.spi.HostInput;

/**
 * Dense and plan-masked attention with tiled flash-style kernels, split over (q-heads of one GQA
 * group, query tile): the heads of a task stream their shared keys and values once.
 *
 * <p>Sparse heads first gather their selected K/V columns into contiguous tiles (once per head), then
 * each query tile streams two runs: the gathered columns that lie before its rows' windows (and, when
 * not causal, after the rows) and the window itself as dense key tiles. Each key is seen once, and
 * only tiles at the window's edge, the diagonal and the end of the selected prefix are masked.
 */
final class CpuAttention implements Attention {
    private final CpuEngine engine;

    CpuAttention(CpuEngine engine) {
        this.engine = engine;
    }

    @Override
    public AttentionTensor dense(AttentionInput input, SampleAttentionConfig config) {
        HostInput in = engine.checkInputButValues(input);
        MaskGeometry geometry = new MaskGeometry(input.queryLength(), input.keyLength(), 1, config.causal());
        return run(in, geometry, null, config);
    }

    @Override
    public AttentionTensor sparse(AttentionInput input, SparsePlan plan, SampleAttentionConfig config) {
        plan.requireFits(input, config);
        HostInput in = engine.checkInputButValues(input);
        return run(in, plan.geometry(), plan, config);
    }

    /** Every value of q, k and v is widened here, so the kernels check them as they go. */
    private Tensor run(HostInput in, MaskGeometry geometry, SparsePlan plan, SampleAttentionConfig config) {
        try {
            return attend(in, geometry, plan, config);
        } catch (NonFiniteValue met) {
            throw FiniteCheck.report(in.input(), met);
        }
    }

    private Tensor attend(HostInput in, MaskGeometry geometry, SparsePlan plan, SampleAttentionConfig config) {
        TileShape shape = TileShape.of(in.input().headDim(), engine.kernels());
        KeyTiles[] keys = HeadKeys.load(engine, shape, in.k(), in.v(), true);
        KeyTiles[] selected = new KeyTiles[in.input().qHeads()];
        try {
            int[][] columns = new int[selected.length][];
            if (plan != null) {
                ParallelLoop.run(engine.pool(), selected.length, h -> {
                    HeadPlan head = plan.head(h);
                    if (!head.dense()) {
                        columns[h] = head.columns();
                        selected[h] = keys[in.input().kvHeadOf(h)].gather(columns[h], engine.keyBuffers());
                    }
                });
            }
            return attendTiles(in, geometry, shape, (float) config.scaleFor(shape.d()), keys, selected, columns);
        } finally {
            HeadKeys.release(engine, keys);
            HeadKeys.release(engine, selected);
        }
    }

    /** Every (q-heads, query tile) task over the loaded runs: dense where {@code selected[h]} is null. */
    private Tensor attendTiles(HostInput in, MaskGeometry geometry, TileShape shape, float scale, KeyTiles[] keys,
                               KeyTiles[] selected, int[][] columns) {
        AttentionInput input = in.input();
        int hq = input.qHeads(), nq = input.queryLength();
        // every element is written by a task below, so the tasks fault its pages in, not this thread
        Tensor out = Tensor.allocateForOverwrite(input.dtype(), hq, nq, input.headDim());
        try {
            int rowsPerTask = shape.bq(), tilesPerHead = (nq + rowsPerTask - 1) / rowsPerTask;
            int group = hq / input.kvHeads();
            int perTask = GroupedHeads.perTask(group, hq, tilesPerHead, group, engine.pool().getParallelism());
            int taskGroups = hq / perTask;
            // last query tiles first: under causal masking they see the most keys (longest first)
            ParallelLoop.run(engine.pool(), taskGroups * tilesPerHead, task -> {
                int first = (tilesPerHead - 1 - task / taskGroups) * rowsPerTask;
                int firstHead = task % taskGroups * perTask;
                int rows = Math.min(rowsPerTask, nq - first);
                AttentionTile[] tiles = engine.scratch().attentionTiles(shape, perTask);
                for (int i = 0; i < perTask; i++) {
                    int h = firstHead + i;
                    AttentionTile tile = tiles[i];
                    tile.load(in.q(), h, first, rows, scale);
                    if (selected[h] == null) {
                        for (int r = 0; r < rows; r++) {
                            tile.allow(r, 0, geometry.visibleEnd(first + r));
                        }
                    } else {
                        attendSelected(tile, geometry, first, columns[h], selected[h]);
                        for (int r = 0; r < rows; r++) {
                            tile.allow(r, geometry.windowStart(first + r), geometry.windowEnd(first + r));
                        }
                    }
                }
                // the heads' causal rows or windows over their shared keys, each key tile read once
                AttentionTile.attend(keys[input.kvHeadOf(firstHead)], tiles, perTask);
                for (int i = 0; i < perTask; i++) {
                    tiles[i].store(out, firstHead + i, first);
                }
            });
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    /**
     * The first of a sparse head's two runs: the selected columns outside its rows' windows, before them
     * (and after the rows when not causal). The window follows as the second run, so each key of
     * {@code K(i) = W(i) ∪ {selected columns outside W(i) that row i may see}} is seen once.
     */
    private static void attendSelected(AttentionTile tile, MaskGeometry geometry, int first, int[] columns,
                                       KeyTiles selected) {
        for (int r = 0; r < tile.rows(); r++) {
            int row = first + r;
            int before = countBelow(columns, geometry.windowStart(row));
            if (geometry.causal()) {
                tile.allow(r, 0, before);
            } else {
                tile.allow(r, 0, before, countBelow(columns, geometry.windowEnd(row)), columns.length);
            }
        }
        tile.attend(selected);
    }

    /** How many of the ascending {@code columns} are below {@code key}. */
    static int countBelow(int[] columns, int key) {
        int lo = 0, hi = columns.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (columns[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
