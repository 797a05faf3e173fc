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
