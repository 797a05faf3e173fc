package org.sampleattention.conformance;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The positions and weights every kv-head shares: the heavy hitters (separators, the sink at
 * position 0), the needle, and how the head dimension is split between rotary pairs, the stripe
 * axis, the needle axis and content noise.
 */
final class KeyStructure {

    final int keys;
    final int rotaryPairs;
    final int stripeDim;       // each special dimension is -1 when the head dim is too small to hold it
    final int recencyDim;
    final int sinkDim;
    final int needleDim;
    final int noiseStart;
    final int noiseDims;
    final double[] frequencies;
    final int[] hitters;       // ascending, never 0 (the sink is separate)
    final int needlePosition;
    final int needleRows;

    KeyStructure(WorkloadSpec spec) {
        keys = spec.keyLength();
        int d = spec.headDim();
        int special = Math.min(4, d);
        int rest = d - special;
        rotaryPairs = (rest - rest / 4) / 2; // about 3/4 of the free dims rotary, the rest content noise
        int first = 2 * rotaryPairs;
        stripeDim = first;
        recencyDim = special > 1 ? first + 1 : -1;
        sinkDim = special > 2 ? first + 2 : -1;
        needleDim = special > 3 ? first + 3 : -1;
        noiseStart = first + special;
        noiseDims = d - noiseStart;
        frequencies = new double[rotaryPairs];
        // RoPE-like log-spaced frequencies from 1 rad/token down to 1 rad per sequence, so the sum of
        // cosines is near 1 at distance 0 and decays roughly like 1 - log(distance)/log(keys)
        for (int m = 0; m < rotaryPairs; m++) {
            double t = rotaryPairs == 1 ? 0 : (double) m / (rotaryPairs - 1);
            frequencies[m] = Math.pow(1.0 / Math.max(keys, 2), t);
        }
        SplittableRandom random = new SplittableRandom(NoiseHash.key(spec.seed(), 7, 0, 0));
        int count = Math.clamp(keys / 256, 4, 512);
        hitters = random.ints(count, 1, Math.max(2, keys)).filter(j -> j < keys).distinct().sorted().toArray();
        // distant from the last queries: 15-40% into the sequence, never a hitter
        int pos = (int) (keys * (0.15 + 0.25 * random.nextDouble()));
        while ((pos == 0 || Arrays.binarySearch(hitters, pos) >= 0) && pos + 1 < keys) {
            pos++;
        }
        needlePosition = pos;
        needleRows = Math.clamp(spec.queryLength() / 1024, 2, 16);
    }

    /**
     * The position feature j / N: a query of weight b along it scores key j {@code b * (j - p) / N}
     * relative to its own position p. The sink, heavy hitters and needle have none: their weight must
     * not depend on where they sit.
     */
    float recency(int j) {
        return j == 0 || j == needlePosition || isHitter(j) ? 0f : (float) j / keys;
    }

    /** Whether key j is a heavy hitter (the sink is not one). */
    boolean isHitter(int j) {
        return Arrays.binarySearch(hitters, j) >= 0;
    }
}
