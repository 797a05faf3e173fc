package org.sampleattention.cpu;

import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.spi.HostInput;
import org.sampleattention.spi.Sampler;

/**
 * Exact softmax rows of the sampled queries, reduced on the fly into per-block column scores. Two
 * passes over the visible keys per query tile: the first computes the scores, their exponentials and
 * each row's shift and denominator, the second weights the tile's kept exponentials into probabilities
 * and reduces them into the block's residual row {@code R_b} (outside the row's window) or its covered
 * mass {@code C0_b}; only one query tile's exponentials are held at a time, never the block's
 * probability matrix. Work is split over (q-heads of one GQA group, sampled block), each task writing
 * its own slices of the scores; the heads of a task share each key tile while it is in cache.
 */
final class CpuSampler implements Sampler {
    private final CpuEngine engine;

    CpuSampler(CpuEngine engine) {
        this.engine = engine;
    }

    @Override
    public ColumnScores sample(AttentionInput input, SampleAttentionConfig config) {
        HostInput in = engine.checkInputForSampling(input);
        try {
            return sample(in, config);
        } catch (NonFiniteValue met) {
            // a non-finite key met while packing (or a query that changed after the scan above)
            throw FiniteCheck.report(input, met);
        }
    }

    private ColumnScores sample(HostInput in, SampleAttentionConfig config) {
        AttentionInput input = in.input();
        int nk = input.keyLength(), nq = input.queryLength();
        MaskGeometry geometry = new MaskGeometry(nq, nk, config.windowFor(nk), config.causal());
        SampleBlocks blocks = SampleBlocks.of(nq, config);
        HostColumnScores scores = new HostColumnScores(
                new ScoreLayout(input.qHeads(), input.kvHeads(), geometry, blocks));
        TileShape shape = TileShape.of(input.headDim(), engine.kernels());
        float scale = (float) config.scaleFor(input.headDim());
        KeyTiles[] keys = HeadKeys.load(engine, shape, in.k(), in.v(), false);
        try {
            int nb = blocks.count(), group = input.qHeads() / input.kvHeads();
            // as many heads per task as keep their exponentials within the thread's budget: recomputing
            // them would cost a second q.k, far more than streaming the keys once per head
            long savedPerHead = SamplingTile.savedFloats(shape, shape.tilesFor(nk));
            int fitting = (int) Math.min(group, engine.scratch().maxSavedScores() / savedPerHead);
            int perTask = GroupedHeads.perTask(group, input.qHeads(), nb, fitting, engine.pool().getParallelism());
            int taskGroups = input.qHeads() / perTask;
            // later blocks see more keys under causal masking: schedule them first
            ParallelLoop.run(engine.pool(), taskGroups * nb, task -> {
                int b = nb - 1 - task / taskGroups;
                int firstHead = task % taskGroups * perTask;
                SamplingTile[] tiles = engine.scratch().samplingTiles(shape, perTask);
                KeyTiles headKeys = keys[input.kvHeadOf(firstHead)];
                for (int first = blocks.start(b); first < blocks.end(b); first += shape.bq()) {
                    int rows = Math.min(shape.bq(), blocks.end(b) - first);
                    for (int i = 0; i < perTask; i++) {
                        tiles[i].load(in.q(), firstHead + i, first, rows, scale);
                        for (int r = 0; r < rows; r++) {
                            tiles[i].allow(r, 0, geometry.visibleEnd(first + r));
                            tiles[i].window(r, geometry.windowStart(first + r), geometry.windowEnd(first + r));
                        }
                    }
                    SamplingTile.softmaxStatistics(headKeys, tiles, perTask, engine.scratch());
                    for (int i = 0; i < perTask; i++) {
                        scores.coveredOf(firstHead + i)[b] +=
                                tiles[i].reduceToColumns(headKeys, scores.residualOf(firstHead + i), b * nk);
                    }
                }
            });
        } finally {
            HeadKeys.release(engine, keys);
        }
        return scores;
    }
}
