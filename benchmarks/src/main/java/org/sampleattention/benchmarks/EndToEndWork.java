package org.sampleattention.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * End-to-end counters (GFLOP/s in throughput mode): the sparse attention work computed, and the dense
 * work the call replaced, whose rate is the effective speed against dense attention.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class EndToEndWork {
    /** GFLOP of the sparse attention stage (4 d per computed pair). */
    public double attentionGflop;
    /** GFLOP dense causal attention would have computed for the same input. */
    public double denseEquivalentGflop;

    @Setup(Level.Iteration)
    public void reset() {
        attentionGflop = 0;
        denseEquivalentGflop = 0;
    }
}
