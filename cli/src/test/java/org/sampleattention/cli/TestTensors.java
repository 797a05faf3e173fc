package org.sampleattention.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.sampleattention.DType;
import org.sampleattention.Tensor;
import org.sampleattention.cli.tensorfile.TensorFileFormat;
import org.sampleattention.cli.tensorfile.TensorFiles;

/**
 * Small attention inputs with structure: every query leans on direction 0, and keys {@value #STRIPE_A}
 * and {@value #STRIPE_B} point strongly along it, so they draw most of the attention (column stripes)
 * and a sparse plan keeps them.
 */
final class TestTensors {
    static final int STRIPE_A = 3;
    static final int STRIPE_B = 100;

    private TestTensors() {
    }

    static Tensor queries(DType dtype, int heads, int tokens, int dim, long seed) {
        float[] v = gaussian(heads * tokens * dim, 0.3, seed);
        for (int i = 0; i < heads * tokens; i++) {
            v[i * dim] = 2;
        }
        return Tensor.of(dtype, v, heads, tokens, dim);
    }

    static Tensor keys(DType dtype, int heads, int tokens, int dim, long seed) {
        float[] v = gaussian(heads * tokens * dim, 0.3, seed);
        for (int h = 0; h < heads; h++) {
            for (int stripe : new int[] {STRIPE_A, STRIPE_B}) {
                if (stripe < tokens) {
                    v[(h * tokens + stripe) * dim] = 20;
                }
            }
        }
        return Tensor.of(dtype, v, heads, tokens, dim);
    }

    static Tensor values(DType dtype, int heads, int tokens, int dim, long seed) {
        return Tensor.of(dtype, gaussian(heads * tokens * dim, 1, seed), heads, tokens, dim);
    }

    /** Writes q, k, v of the given sizes next to each other as {@code q.ext}, {@code k.ext}, {@code v.ext}. */
    static void writeSet(Path dir, TensorFileFormat format, DType dtype, int qHeads, int kvHeads, int tokens, int dim)
            throws IOException {
        try (Tensor q = queries(dtype, qHeads, tokens, dim, 1);
             Tensor k = keys(dtype, kvHeads, tokens, dim, 2);
             Tensor v = values(dtype, kvHeads, tokens, dim, 3)) {
            TensorFiles.write(dir.resolve("q" + format.extension()), format, q, false, "q");
            TensorFiles.write(dir.resolve("k" + format.extension()), format, k, false, "k");
            TensorFiles.write(dir.resolve("v" + format.extension()), format, v, false, "v");
        }
    }

    static float[] gaussian(int n, double std, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return v;
    }
}
