package org.sampleattention.cli;

import java.util.Locale;
import org.sampleattention.DType;
import org.sampleattention.conformance.WorkloadKind;
import org.sampleattention.conformance.WorkloadSpec;
import picocli.CommandLine.Option;

/** The size and kind of a generated workload (the conformance kit's generator), for demo and bench. */
public final class WorkloadOptions {
    @Option(names = "--seq-len", paramLabel = "N", description = "Tokens (queries = keys).")
    Integer seqLen;

    @Option(names = "--heads", paramLabel = "H", defaultValue = "8", description = "Query heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--kv-heads", paramLabel = "G", defaultValue = "2", description = "Key/value heads; must divide --heads (default: ${DEFAULT-VALUE}).")
    int kvHeads;

    @Option(names = "--head-dim", paramLabel = "D", defaultValue = "128", description = "Head dimension (default: ${DEFAULT-VALUE}).")
    int headDim;

    @Option(names = "--dtype", paramLabel = "T",
            description = "f32, f16 or bf16 (default: f32; demo on an accelerator: bf16).")
    String dtype;

    @Option(names = "--workload", paramLabel = "KIND", defaultValue = "llm",
            description = "llm (a model-like mix of local, stripe and needle heads), diffuse or needle; also local, stripe, mixed (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    boolean seqLenGiven() {
        return seqLen != null;
    }

    boolean dtypeGiven() {
        return dtype != null;
    }

    /** The spec at {@code tokens} tokens, f32 unless --dtype says otherwise. */
    WorkloadSpec spec(int tokens) {
        return spec(tokens, DType.F32);
    }

    /**
     * The spec at {@code tokens} tokens in --dtype, else {@code fallback}, or an
     * {@link IllegalArgumentException} naming the bad option.
     */
    WorkloadSpec spec(int tokens, DType fallback) {
        if (tokens < 1) {
            throw new IllegalArgumentException("--seq-len must be at least 1, got " + tokens);
        }
        if (heads < 1 || kvHeads < 1) {
            throw new IllegalArgumentException("--heads (" + heads + ") and --kv-heads (" + kvHeads + ") must be at least 1");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("--heads (" + heads + ") must be a multiple of --kv-heads (" + kvHeads
                    + ") for grouped-query attention");
        }
        if (headDim < 1) {
            throw new IllegalArgumentException("--head-dim must be at least 1, got " + headDim);
        }
        return WorkloadSpec.of(kind(), tokens, heads, kvHeads, headDim, dtypeGiven() ? DType.parse(dtype) : fallback,
                seed);
    }

    WorkloadKind kind() {
        try {
            return WorkloadKind.valueOf(workload.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown workload '" + workload
                    + "': expected llm, diffuse, needle, local, stripe or mixed");
        }
    }
}
