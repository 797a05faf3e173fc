package org.sampleattention.conformance;

/**
 * The attention patterns the workload generator mimics (DESIGN.md section 5). Every kind but
 * {@link #LLM} is also the kind of a single q-head; {@code LLM} mixes local, stripe and mixed heads
 * with one needle head, like a layer of a real model.
 */
public enum WorkloadKind {
    /** Rotary-style positional structure: attention decays with distance, plus a small sink. */
    LOCAL,
    /** Heavy-hitter keys aligned with a shared query direction, and a sink at position 0. */
    STRIPE,
    /** Local decay and stripes in one head. */
    MIXED,
    /** Near-uniform attention: no structure a sparse plan can exploit. */
    DIFFUSE,
    /** A local head whose last few queries match one distant key carrying a distinctive value. */
    NEEDLE,
    /** A model-like mixture over heads (local, stripe, mixed, and one needle head). */
    LLM
}
