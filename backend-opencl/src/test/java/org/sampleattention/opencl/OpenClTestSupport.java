package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.Tensor;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionEngine;
import org.sampleattention.spi.Availability;

/** Shared by the PoCL and GPU tests: an engine per test class, random inputs, error measures. */
final class OpenClTestSupport {
    static final double F32_TOLERANCE = 1e-5;
    static final double HALF_TOLERANCE = 1e-2;

    private OpenClTestSupport() {
    }

    /** An engine on the chosen device; the test is skipped, with the probe's reason, where OpenCL is absent. */
    static AttentionEngine engineOrSkip() {
        Availability availability = new OpenClBackend().probe();
        assumeTrue(availability.available(), () -> "no OpenCL here: " + availability.reason());
        return new OpenClBackend().create();
    }

    static AttentionEngine reference() {
        return new ReferenceBackend().create();
    }

    /** q [hq, nq, d], k and v [hkv, nk, d] of random values in [-range, range), rounded to the dtype. */
    static AttentionInput randomInput(DType dtype, int hq, int hkv, int nq, int nk, int d, double range, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new AttentionInput(random(dtype, random, range, hq, nq, d), random(dtype, random, range, hkv, nk, d),
                random(dtype, random, range, hkv, nk, d));
    }

    private static Tensor random(DType dtype, SplittableRandom random, double range, int heads, int tokens, int d) {
        float[] values = new float[heads * tokens * d];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * range);
        }
        return Tensor.of(dtype, values, heads, tokens, d);
    }

    /**
     * Random q/k/v with attention structure: every query leans towards a shared direction that a few
     * "stripe" keys carry strongly, so that sampling finds heavy columns and the filter keeps a short,
     * well-separated prefix (random inputs alone make every head diffuse).
     */
    static AttentionInput stripedInput(DType dtype, int hq, int hkv, int nq, int nk, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] direction = new float[d];
        for (int c = 0; c < d; c++) {
            direction[c] = (float) random.nextGaussian();
        }
        float[] q = new float[hq * nq * d], k = new float[hkv * nk * d], v = new float[hkv * nk * d];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) (0.3 * random.nextGaussian() + 0.8 * direction[i % d]);
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (0.3 * random.nextGaussian());
            v[i] = (float) random.nextGaussian();
        }
        for (int g = 0; g < hkv; g++) {
            for (int s = 0; s < 3 + g; s++) {
                int key = s == 0 ? 0 : random.nextInt(nk); // a sink at position 0, as in LLMs
                double strength = 2.0 + random.nextDouble();
                for (int c = 0; c < d; c++) {
                    k[(g * nk + key) * d + c] += (float) (strength * direction[c]);
                }
            }
        }
        return new AttentionInput(Tensor.of(dtype, q, hq, nq, d), Tensor.of(dtype, k, hkv, nk, d),
                Tensor.of(dtype, v, hkv, nk, d));
    }

    /** |a & b| / |a | b|, 1 for two empty sets. */
    static double jaccard(int[] a, int[] b) {
        java.util.Set<Integer> union = new java.util.HashSet<>(), both = new java.util.HashSet<>();
        for (int j : a) {
            union.add(j);
        }
        java.util.Set<Integer> inA = new java.util.HashSet<>(union);
        for (int j : b) {
            union.add(j);
            if (inA.contains(j)) {
                both.add(j);
            }
        }
        return union.isEmpty() ? 1.0 : (double) both.size() / union.size();
    }

    static void close(AttentionInput input) {
        input.q().close();
        input.k().close();
        input.v().close();
    }

    /** ||a - b|| / ||b|| over all elements. */
    static double relativeL2(AttentionTensor actual, AttentionTensor expected) {
        float[] a = ((Tensor) actual).toFloatArray(), b = ((Tensor) expected).toFloatArray();
        if (a.length != b.length) {
            throw new AssertionError("sizes differ: " + a.length + " vs " + b.length);
        }
        double diff = 0, norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (double) (a[i] - b[i]) * (a[i] - b[i]);
            norm += (double) b[i] * b[i];
        }
        return Math.sqrt(diff / Math.max(norm, 1e-300));
    }

    static double tolerance(DType dtype) {
        return dtype == DType.F32 ? F32_TOLERANCE : HALF_TOLERANCE;
    }
}
