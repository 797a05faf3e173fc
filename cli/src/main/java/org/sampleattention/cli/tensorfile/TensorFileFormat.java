package org.sampleattention.cli.tensorfile;

import java.nio.file.Path;
import java.util.Locale;

/** The tensor file formats the CLI reads and writes, recognised by file extension. */
public enum TensorFileFormat {
    NPY(".npy"),
    SAFETENSORS(".safetensors");

    private final String extension;

    TensorFileFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    public static TensorFileFormat of(Path file) throws TensorFileException {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        for (TensorFileFormat f : values()) {
            if (name.endsWith(f.extension)) {
                return f;
            }
        }
        throw new TensorFileException(file, "unknown tensor file type: expected a .npy or .safetensors file");
    }
}
