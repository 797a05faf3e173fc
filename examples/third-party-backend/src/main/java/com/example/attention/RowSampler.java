package com.example.attention;

import java.util.stream.IntStream;
import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.spi.Sampler;

/**
 * Each sampled row in two passes over one scratch row of scores (maximum, then normalised
 * probabilities), reduced straight into its block's column sums: no probability matrix is kept.
 */
final class RowSampler implements Sampler {

    @Override
    public ColumnScores sample(AttentionInput input, SampleAttentionConfig config) {
        HeadTensors t = HeadTensors.load(input, false);
        int nk = input.keyLength(), d = input.headDim();
        MaskGeometry g = new MaskGeometry(input.queryLength(), nk, config.windowFor(nk), config.causal());
        SampleBlocks blocks = SampleBlocks.of(input.queryLength(), config);
        HostColumnScores scores = new HostColumnScores(new ScoreLayout(input.qHeads(), input.kvHeads(), g, blocks));
        float scale = (float) config.scaleFor(d);
        IntStream.range(0, input.qHeads()).parallel().forEach(h -> {
            float[] q = t.q()[h], k = t.k()[input.kvHeadOf(h)];
            float[] row = new float[nk];
            double[] blockSums = new double[nk];
            for (int b = 0; b < blocks.count(); b++) {
                java.util.Arrays.fill(blockSums, 0);
                double covered = 0;
                for (int i = blocks.start(b); i < blocks.end(b); i++) {
                    int end = g.visibleEnd(i);
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < end; j++) {
                        float s = 0;
                        for (int c = 0; c < d; c++) {
                            s += q[i * d + c] * k[j * d + c];
                        }
                        row[j] = s * scale;
                        max = Math.max(max, row[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < end; j++) {
                        row[j] = (float) Math.exp(row[j] - max);
                        sum += row[j];
                    }
                    int ws = g.windowStart(i), we = g.windowEnd(i);
                    for (int j = 0; j < end; j++) {
                        double p = row[j] / sum;
                        if (j >= ws && j < we) {
                            covered += p;
                        } else {
                            blockSums[j] += p;
                        }
                    }
                }
                scores.coveredOf(h)[b] = covered;
                float[] residual = scores.residualOf(h);
                for (int j = 0; j < nk; j++) {
                    residual[b * nk + j] = (float) blockSums[j];
                }
            }
        });
        return scores;
    }
}
