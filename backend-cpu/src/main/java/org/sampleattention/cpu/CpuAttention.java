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
 * Dense and plan-masked attention with tiled flash-style kernels, split over (q-head, query tile).
 *
 * <p>Sparse heads first gather their selected K/V columns into contiguous tiles (once per head), then
 * each query tile streams two runs: the gathered columns that lie before its rows' windows (and, when
 * not causal, after the rows) and the window itself as dense key tiles. Each key is seen once, and
 * only tiles at the window's edge, the diagonal and the end of the selected prefix are masked.
 */
final class CpuAttention implements Attention {
    /**
     * Query rows per task under a plan. A task's window run spans its rows' windows plus one key per
     * extra row, so fewer rows compute fewer keys outside the windows (about 4% less work measured at
     * 4K and 16K tokens); dense tasks keep {@link TileShape#ROWS_PER_TASK}.
     */
    static final int SPARSE_ROWS_PER_TASK = 32;
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
            int rowsPerTask = plan == null ? shape.bq() : SPARSE_ROWS_PER_TASK;
            return attendTiles(in, geometry, shape, (float) config.scaleFor(shape.d()), rowsPerTask, keys, selected,
                    columns);
        } finally {
            HeadKeys.release(engine, keys);
            HeadKeys.release(engine, selected);
        }
    }

    /** Every (q-head, query tile) task over the loaded runs: dense where {@code selected[h]} is null. */
    private Tensor attendTiles(HostInput in, MaskGeometry geometry, TileShape shape, float scale, int rowsPerTask,
                               KeyTiles[] keys, KeyTiles[] selected, int[][] columns) {
        AttentionInput input = in.input();
        int hq = input.qHeads(), nq = input.queryLength();
        Tensor out = Tensor.allocate(input.dtype(), hq, nq, input.headDim());
        try {
            int tilesPerHead = (nq + rowsPerTask - 1) / rowsPerTask;
            // last query tiles first: under causal masking they see the most keys (longest first)
            ParallelLoop.run(engine.pool(), hq * tilesPerHead, task -> {
                int first = (tilesPerHead - 1 - task / hq) * rowsPerTask;
                int h = task % hq;
                QueryTile tile = engine.scratch().tile(shape);
                tile.load(in.q(), h, first, Math.min(rowsPerTask, nq - first), scale);
                KeyTiles headKeys = keys[input.kvHeadOf(h)];
                if (selected[h] == null) {
                    for (int r = 0; r < tile.rows(); r++) {
                        tile.allow(r, 0, geometry.visibleEnd(first + r));
                    }
                    tile.attend(headKeys);
                } else {
                    attendSparse(tile, geometry, first, columns[h], selected[h], headKeys);
                }
                tile.store(out, h, first);
            });
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    /** {@code K(i) = W(i) ∪ {selected columns outside W(i) that row i may see}}: two runs, each key once. */
    private static void attendSparse(QueryTile tile, MaskGeometry geometry, int first, int[] columns,
                                     KeyTiles selected, KeyTiles keys) {
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
        for (int r = 0; r < tile.rows(); r++) {
            int row = first + r;
            tile.allow(r, geometry.windowStart(row), geometry.windowEnd(row));
        }
        tile.attend(keys);
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
