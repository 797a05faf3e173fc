package org.sampleattention.cuda;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.sampleattention.AttentionInput;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

/**
 * Fresh random attention inputs for the device checks: Gaussian queries and keys with a few "stripe"
 * keys that every query leans towards (so plans select something) and values of unit scale.
 */
final class RandomInputs {
    private RandomInputs() {
    }

    static AttentionInput striped(long seed, DType dtype, int hq, int hkv, int nq, int nk, int d) {
        return striped(seed, dtype, hq, hkv, nq, nk, d, 0.7f, 0.6f);
    }

    /**
     * As above with the strength of the shared direction in the queries ({@code lean}) and in the
     * stripe keys ({@code stripe}); their product sets how much mass the stripes draw.
     */
    static AttentionInput striped(long seed, DType dtype, int hq, int hkv, int nq, int nk, int d, float lean,
                                  float stripeStrength) {
        Random random = new Random(seed);
        float[] direction = new float[d];
        for (int c = 0; c < d; c++) {
            direction[c] = (float) random.nextGaussian();
        }
        Tensor q = gaussian(random, dtype, hq, nq, d, direction, lean);
        Tensor k = Tensor.allocate(dtype, hkv, nk, d);
        float[] row = new float[d];
        for (int g = 0; g < hkv; g++) {
            for (int j = 0; j < nk; j++) {
                boolean stripe = j == 0 || random.nextInt(97) == 0;
                for (int c = 0; c < d; c++) {
                    row[c] = (float) random.nextGaussian() + (stripe ? stripeStrength * direction[c] : 0f);
                }
                k.write(((long) g * nk + j) * d, row, 0, d);
            }
        }
        Tensor v = gaussian(random, dtype, hkv, nk, d, direction, 0f);
        return new AttentionInput(q, k, v);
    }

    private static Tensor gaussian(Random random, DType dtype, int heads, int tokens, int d, float[] direction,
                                   float lean) {
        Tensor t = Tensor.allocate(dtype, heads, tokens, d);
        float[] row = new float[d];
        for (long r = 0; r < (long) heads * tokens; r++) {
            for (int c = 0; c < d; c++) {
                row[c] = (float) random.nextGaussian() + lean * direction[c];
            }
            t.write(r * d, row, 0, d);
        }
        return t;
    }

    /** A large tensor of uniform values in [-sqrt 3, sqrt 3) (unit variance), filled in parallel. */
    static Tensor uniform(long seed, DType dtype, int heads, int tokens, int d) {
        Tensor t = Tensor.allocate(dtype, heads, tokens, d);
        IntStream.range(0, heads * 64).parallel().forEach(part -> {
            int head = part / 64, slice = part % 64;
            int from = (int) ((long) tokens * slice / 64), to = (int) ((long) tokens * (slice + 1) / 64);
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + part);
            float[] row = new float[d];
            for (int j = from; j < to; j++) {
                for (int c = 0; c < d; c++) {
                    row[c] = (float) ((random.nextDouble() * 2 - 1) * 1.7320508);
                }
                t.write(((long) head * tokens + j) * d, row, 0, d);
            }
        });
        return t;
    }

    static void close(AttentionInput input) {
        input.q().close();
        input.k().close();
        input.v().close();
    }
}
