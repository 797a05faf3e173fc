package org.sampleattention.cli;

import java.nio.file.Path;
import org.sampleattention.AttentionInput;
import org.sampleattention.Tensor;
import org.sampleattention.cli.tensorfile.LoadedTensor;

/**
 * An attention input read from files, checked for matching shapes and finite values; owns the host
 * tensors. Errors name the file at fault.
 */
public final class LoadedInput implements AutoCloseable {
    private final LoadedTensor q;
    private final LoadedTensor k;
    private final LoadedTensor v;
    private final AttentionInput input;

    LoadedInput(LoadedTensor q, LoadedTensor k, LoadedTensor v, Path qFile, Path kFile, Path vFile) {
        this.q = q;
        this.k = k;
        this.v = v;
        this.input = new AttentionInput(q.tensor(), k.tensor(), v.tensor());
        requireFinite(q.tensor(), "q", qFile);
        requireFinite(k.tensor(), "k", kFile);
        requireFinite(v.tensor(), "v", vFile);
    }

    public AttentionInput input() {
        return input;
    }

    /** The queries as read; the output is written in their format, dtype and batch layout. */
    public LoadedTensor queries() {
        return q;
    }

    private static void requireFinite(Tensor t, String name, Path file) {
        long at = firstNonFinite(t);
        if (at >= 0) {
            long d = t.shape().dim(2), n = t.shape().dim(1);
            throw new IllegalArgumentException(file + ": " + name + " holds a non-finite value (" + t.get(at)
                    + ") at [head " + at / (n * d) + ", token " + (at / d) % n + ", dim " + at % d + "]");
        }
    }

    /** Like {@link Tensor#firstNonFinite} but in bulk chunks, which for f32 is a plain memory copy. */
    private static long firstNonFinite(Tensor t) {
        float[] chunk = new float[1 << 16];
        long n = t.elementCount();
        for (long from = 0; from < n; from += chunk.length) {
            int len = (int) Math.min(chunk.length, n - from);
            t.read(from, chunk, 0, len);
            for (int i = 0; i < len; i++) {
                if (!Float.isFinite(chunk[i])) {
                    return from + i;
                }
            }
        }
        return -1;
    }

    @Override
    public void close() {
        q.close();
        k.close();
        v.close();
    }
}
