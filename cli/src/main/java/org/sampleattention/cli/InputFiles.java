package org.sampleattention.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.sampleattention.cli.tensorfile.LoadedTensor;
import org.sampleattention.cli.tensorfile.TensorFileFormat;
import org.sampleattention.cli.tensorfile.TensorFiles;
import picocli.CommandLine.Option;

/** {@code --q/--k/--v} tensor files and the tensor names inside {@code .safetensors} files. */
public final class InputFiles {
    @Option(names = "--q", paramLabel = "FILE", required = true,
            description = "Queries [heads, tokens, headDim] (.npy <f4/<f2, or .safetensors F32/F16/BF16); "
                    + "a leading batch dimension of 1 is allowed.")
    Path q;

    @Option(names = "--k", paramLabel = "FILE", description = "Keys [kvHeads, tokens, headDim]; default: the --q file if it is .safetensors.")
    Path k;

    @Option(names = "--v", paramLabel = "FILE", description = "Values, shaped like the keys; default: the --q file if it is .safetensors.")
    Path v;

    @Option(names = "--q-name", paramLabel = "NAME", defaultValue = "q", description = "Tensor name of the queries in a .safetensors file (default: ${DEFAULT-VALUE}).")
    String qName;

    @Option(names = "--k-name", paramLabel = "NAME", defaultValue = "k", description = "Tensor name of the keys in a .safetensors file (default: ${DEFAULT-VALUE}).")
    String kName;

    @Option(names = "--v-name", paramLabel = "NAME", defaultValue = "v", description = "Tensor name of the values in a .safetensors file (default: ${DEFAULT-VALUE}).")
    String vName;

    /** Reads the three tensors and checks they form a valid, finite attention input. */
    public LoadedInput load() throws IOException {
        Path kFile = defaultToQ(k, "--k");
        Path vFile = defaultToQ(v, "--v");
        LoadedTensor lq = null, lk = null, lv = null;
        try {
            lq = TensorFiles.read(q, qName);
            lk = TensorFiles.read(kFile, kName);
            lv = TensorFiles.read(vFile, vName);
            return new LoadedInput(lq, lk, lv, q, kFile, vFile);
        } catch (IOException | RuntimeException e) {
            for (LoadedTensor t : new LoadedTensor[] {lq, lk, lv}) {
                if (t != null) {
                    t.close();
                }
            }
            throw e;
        }
    }

    private Path defaultToQ(Path given, String option) throws IOException {
        if (given != null) {
            return given;
        }
        if (TensorFileFormat.of(q) == TensorFileFormat.SAFETENSORS) {
            return q;
        }
        throw new IllegalArgumentException(option + " is required when --q is not a .safetensors file");
    }
}
