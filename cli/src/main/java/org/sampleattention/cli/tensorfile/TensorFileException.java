package org.sampleattention.cli.tensorfile;

import java.io.IOException;
import java.nio.file.Path;

/** A tensor file that cannot be used: missing, malformed, truncated, or holding what we cannot read. */
public final class TensorFileException extends IOException {
    public TensorFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public TensorFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
