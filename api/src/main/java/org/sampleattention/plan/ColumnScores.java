package org.sampleattention.plan;

/**
 * The output of sampling: for every q-head and every sampled block b, the residual column mass
 * {@code R_b[j]} (attention of the block's rows on key j outside their windows) and the window-covered
 * mass {@code C0_b}. A backend may keep its scores on its device; {@link #toHost} copies them out for
 * inspection and cross-backend checks.
 */
public interface ColumnScores extends AutoCloseable {
    ScoreLayout layout();

    HostColumnScores toHost();

    /** Releases device memory behind the scores, if any; idempotent. */
    @Override
    default void close() {
    }
}
