package org.sampleattention.reference;

import java.util.stream.IntStream;
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
 * Query-guided sampling, exactly: each sampled row's full softmax over the keys it sees, split into
 * the window-covered mass {@code C0_b} and the residual column mass {@code R_b[j]} of its block.
 */
final class ReferenceSampler implements Sampler {

    @Override
    public ColumnScores sample(AttentionInput input, SampleAttentionConfig config) {
        HostInput in = HostInput.of(input, ReferenceBackend.NAME);
        int nk = input.keyLength();
        MaskGeometry geometry = new MaskGeometry(input.queryLength(), nk, config.windowFor(nk), config.causal());
        SampleBlocks blocks = SampleBlocks.of(input.queryLength(), config);
        HostColumnScores scores = new HostColumnScores(
                new ScoreLayout(input.qHeads(), input.kvHeads(), geometry, blocks));
        double scale = config.scaleFor(input.headDim());
        HeadRows[] keys = new HeadRows[input.kvHeads()];
        for (int g = 0; g < keys.length; g++) {
            keys[g] = HeadRows.load(in.k(), g);
        }
        IntStream.range(0, input.qHeads()).parallel().forEach(h -> {
            HeadRows q = HeadRows.load(in.q(), h);
            HeadRows k = keys[input.kvHeadOf(h)];
            float[] residual = scores.residualOf(h);
            double[] covered = scores.coveredOf(h);
            int[] keyList = new int[nk];
            double[] blockResidual = new double[nk];
            for (int b = 0; b < blocks.count(); b++) {
                java.util.Arrays.fill(blockResidual, 0);
                double blockCovered = 0;
                for (int i = blocks.start(b); i < blocks.end(b); i++) {
                    int count = KeyLists.visible(geometry, i, keyList);
                    double[] p = ExactRow.probabilities(q, i, k, keyList, count, scale);
                    for (int j = 0; j < count; j++) {
                        if (geometry.inWindow(i, j)) {
                            blockCovered += p[j];
                        } else {
                            blockResidual[j] += p[j];
                        }
                    }
                }
                covered[b] = blockCovered;
                for (int j = 0; j < nk; j++) {
                    residual[b * nk + j] = (float) blockResidual[j];
                }
            }
        });
        return scores;
    }
}
