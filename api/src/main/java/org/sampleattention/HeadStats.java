package org.sampleattention;

/**
 * One q-head's outcome.
 *
 * @param columns           selected columns (0 for a dense head)
 * @param density           computed query-key pairs over causal (or full) pairs
 * @param estimatedCoverage mean attention recall the sampled rows reach under the plan (NaN if the
 *                          head was not sampled, for example below {@code minSparseLength})
 */
public record HeadStats(int qHead, int columns, double density, double estimatedCoverage, boolean dense) {
}
