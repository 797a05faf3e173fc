package org.sampleattention.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.SparsePlan;

/**
 * JMH secondary metric: GFLOP of computed work per benchmark call; in throughput mode JMH reports the
 * counter as a rate, i.e. GFLOP/s. Work is counted as DESIGN.md section 6 does: 4 d FLOPs per computed query-key pair (q.k
 * and p.v), only the pairs actually computed; for sampling, its two q.k passes over each sampled
 * row's visible keys (also 4 d per pair).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Work {
    /** GFLOP of work the calls computed. */
    public double gflop;

    @Setup(Level.Iteration)
    public void reset() {
        gflop = 0;
    }

    static double denseGflop(MaskGeometry geometry, int qHeads, int headDim) {
        return 4e-9 * headDim * geometry.densePairs() * qHeads;
    }

    static double sparseGflop(SparsePlan plan, int headDim) {
        double pairs = 0;
        for (int h = 0; h < plan.qHeads(); h++) {
            pairs += plan.pairs(h);
        }
        return 4e-9 * headDim * pairs;
    }

    static double samplingGflop(MaskGeometry geometry, SampleBlocks blocks, int qHeads, int headDim) {
        return 4e-9 * headDim * (double) SampledPairs.of(geometry, blocks).pass1() * qHeads;
    }
}
