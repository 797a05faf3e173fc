package org.sampleattention.conformance;

/**
 * Counter-based pseudo-random numbers (SplitMix64 finaliser over a key): the value at any
 * (stream, head, token, dim) is a pure function of its coordinates, so tensors can be generated in
 * any order, in parallel, chunk by chunk, and stay bit-identical.
 */
final class NoiseHash {
    private static final double UNIT = 1.0 / (1L << 53);
    /** Uniform on [-sqrt(3), sqrt(3)]: mean 0, variance 1, cheaper than a Gaussian and bounded. */
    private static final double SQRT3 = Math.sqrt(3);

    private NoiseHash() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long key(long seed, int stream, int head, long token) {
        return mix(mix(mix(seed * 0x9e3779b97f4a7c15L + stream) + head) + token);
    }

    /** Uniform in [0, 1) for element {@code index} of the row with key {@code rowKey}. */
    static double unit(long rowKey, int index) {
        return (mix(rowKey + 0x9e3779b97f4a7c15L * (index + 1)) >>> 11) * UNIT;
    }

    /** Zero-mean, unit-variance noise for element {@code index} of a row. */
    static double centered(long rowKey, int index) {
        return (2 * unit(rowKey, index) - 1) * SQRT3;
    }
}
