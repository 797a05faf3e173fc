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
 * probability matrix. Work is split over (q-head, sampled block), each writing its own slice of the
 * scores.
 */
final class CpuSampler implements Sampler {
    private final CpuEngine engine;

    CpuSampler(CpuEngine engine) {
        this.engine = engine;
    }

    @Override
    public ColumnScores sample(AttentionInput input, SampleAttentionConfig config) {
        HostInput in = engine.checkInput(input);
        try {
            return sample(in, config);
        } catch (NonFiniteValue met) {
            // the scan above passed, so the input changed while it was read; the kernels caught it
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
            int nb = blocks.count();
            // later blocks see more keys under causal masking: schedule them first
            ParallelLoop.run(engine.pool(), input.qHeads() * nb, task -> {
                int b = nb - 1 - task / input.qHeads();
                int h = task % input.qHeads();
                QueryTile tile = engine.scratch().tile(shape);
                KeyTiles headKeys = keys[input.kvHeadOf(h)];
                double covered = 0;
                for (int first = blocks.start(b); first < blocks.end(b); first += shape.bq()) {
                    int rows = Math.min(shape.bq(), blocks.end(b) - first);
                    tile.load(in.q(), h, first, rows, scale);
                    for (int r = 0; r < rows; r++) {
                        tile.allow(r, 0, geometry.visibleEnd(first + r));
                        tile.window(r, geometry.windowStart(first + r), geometry.windowEnd(first + r));
                    }
                    tile.softmaxStatistics(headKeys);
                    covered += tile.reduceToColumns(headKeys, scores.residualOf(h), b * nk);
                }
                scores.coveredOf(h)[b] = covered;
            });
        } finally {
            HeadKeys.release(engine, keys);
        }
        return scores;
    }
}
