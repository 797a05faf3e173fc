package org.sampleattention.benchmarks;

import org.sampleattention.DType;
import org.sampleattention.conformance.Workload;
import org.sampleattention.conformance.WorkloadKind;
import org.sampleattention.conformance.WorkloadSpec;

/** The benchmarks' input shape: the 8 q-heads, 2 kv-heads, d = 128, Nq = Nk, one fixed seed. */
final class Workloads {
    static final int Q_HEADS = 8;
    static final int KV_HEADS = 2;
    static final int HEAD_DIM = 128;
    static final long SEED = 20261129L;

    private Workloads() {
    }

    static Workload generate(WorkloadKind kind, int length, DType dtype) {
        return Workload.generate(WorkloadSpec.of(kind, length, Q_HEADS, KV_HEADS, HEAD_DIM, dtype, SEED));
    }
}
