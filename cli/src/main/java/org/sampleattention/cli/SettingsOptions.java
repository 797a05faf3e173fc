package org.sampleattention.cli;

import org.sampleattention.SampleAttentionConfig;
import picocli.CommandLine.Option;

/** The SampleAttention settings as options; unset ones keep the library's defaults. */
public final class SettingsOptions {
    @Option(names = "--alpha", paramLabel = "A", description = "Attention recall each sampled block must reach, in (0, 1] (default 0.95).")
    Double alpha;

    @Option(names = "--sample-ratio", paramLabel = "R", description = "Fraction of query rows sampled, in (0, 1] (default 0.05).")
    Double sampleRatio;

    @Option(names = "--window-ratio", paramLabel = "W", description = "Local window as a fraction of the keys, in [0, 1] (default 0.08).")
    Double windowRatio;

    @Option(names = "--sample-block", paramLabel = "ROWS", description = "Consecutive query rows per sampled block (default 64).")
    Integer sampleBlock;

    @Option(names = "--min-sparse-length", paramLabel = "N", description = "Key lengths below this run dense (default 4096).")
    Integer minSparseLength;

    @Option(names = "--dense-fallback", paramLabel = "D", description = "A head whose plan computes more than this fraction of the causal work runs dense, in [0, 1] (default 0.8).")
    Double denseFallback;

    /** The configuration, or an {@link IllegalArgumentException} naming the out-of-range setting. */
    public SampleAttentionConfig config() {
        SampleAttentionConfig.Builder b = SampleAttentionConfig.builder();
        try {
            if (alpha != null) {
                b.alpha(alpha);
            }
            if (sampleRatio != null) {
                b.sampleRatio(sampleRatio);
            }
            if (windowRatio != null) {
                b.windowRatio(windowRatio);
            }
            if (sampleBlock != null) {
                b.sampleBlock(sampleBlock);
            }
            if (minSparseLength != null) {
                b.minSparseLength(minSparseLength);
            }
            if (denseFallback != null) {
                b.denseFallbackDensity(denseFallback);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid setting: " + e.getMessage(), e);
        }
        return b.build();
    }
}
