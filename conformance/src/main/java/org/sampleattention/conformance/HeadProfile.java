package org.sampleattention.conformance;

/**
 * How strongly one q-head's queries express each structure of the keys, in logits after the default
 * 1/sqrt(d) scale. {@code rotary}: the diagonal's logit from the rotary features; {@code recency}:
 * the ALiBi-like slope, the logit a key loses per whole sequence length of distance. {@code stripe},
 * {@code sink} and {@code needle}: the logits of a heavy hitter, of the sink and of the needle (for the
 * head's last queries), each relative to a key at the query's own position without rotary bonus, so a
 * stripe keeps its weight at every distance. {@code noise}: standard deviation of content logits.
 */
record HeadProfile(WorkloadKind kind, double rotary, double recency, double stripe, double sink, double needle,
                   double noise) {

    /**
     * The profile of a head of this kind for {@code keys} keys with {@code hitters} heavy hitters.
     * Stripe logits grow with log(keys / hitters) so that the stripes keep their share of the mass at
     * every length; the recency slope is relative to the sequence, so the share of attention inside
     * the window (a fixed fraction of the sequence) is the same at every length.
     */
    static HeadProfile of(WorkloadKind kind, int keys, int hitters) {
        // log of how many background keys each heavy hitter stands for
        double perHitter = Math.log(Math.max(2.0, (double) keys / Math.max(1, hitters)));
        double halfOfHitters = Math.log(Math.max(1.0, hitters / 2.0));
        return switch (kind) {
            // sharp rotary peak, steep decay (e^-4 at the edge of an 8% window), a small sink
            case LOCAL -> new HeadProfile(kind, 6.0, 50.0, 0.0, 1.5, 0, 0.4);
            // hitters ~60% of the mass, the sink ~30%, weak locality for the rest
            case STRIPE -> new HeadProfile(kind, 2.0, 15.0, perHitter, perHitter + halfOfHitters, 0, 0.4);
            // local and stripes, each a large share
            case MIXED -> new HeadProfile(kind, 6.0, 40.0, perHitter - Math.log(40.0) + 2.5,
                    perHitter - Math.log(40.0) + 3.5, 0, 0.4);
            case DIFFUSE -> new HeadProfile(kind, 0.3, 0.0, 0.0, 0.0, 0, 0.25);
            // a local head whose last queries put most of their mass on the needle
            case NEEDLE -> new HeadProfile(kind, 6.0, 50.0, 0.0, 1.5, 11.0, 0.4);
            case LLM -> throw new IllegalArgumentException("LLM is a mixture of head kinds, not a head kind");
        };
    }
}
