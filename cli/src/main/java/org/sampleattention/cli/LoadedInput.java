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
        long at = t.firstNonFinite();
        if (at >= 0) {
            long d = t.shape().dim(2), n = t.shape().dim(1);
            throw new IllegalArgumentException(file + ": " + name + " holds a non-finite value (" + t.get(at)
                    + ") at [head " + at / (n * d) + ", token " + (at / d) % n + ", dim " + at % d + "]");
        }
    }

    @Override
    public void close() {
        q.close();
        k.close();
        v.close();
    }
}
