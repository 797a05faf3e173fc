package org.sampleattention;

import java.util.OptionalDouble;

/**
 * The settings of SampleAttention (DESIGN.md section 3), immutable and validated when built. Every
 * out-of-range value raises an {@link IllegalArgumentException} that names the parameter and its
 * allowed range.
 */
public final class SampleAttentionConfig {
    public static final double DEFAULT_ALPHA = 0.95;
    public static final double DEFAULT_SAMPLE_RATIO = 0.05;
    public static final double DEFAULT_WINDOW_RATIO = 0.08;
    public static final int DEFAULT_SAMPLE_BLOCK = 64;
    public static final int DEFAULT_MIN_SPARSE_LENGTH = 4096;
    public static final double DEFAULT_DENSE_FALLBACK_DENSITY = 0.8;

    private final double alpha;
    private final double sampleRatio;
    private final double windowRatio;
    private final int sampleBlock;
    private final int minSparseLength;
    private final double denseFallbackDensity;
    private final OptionalDouble scale;
    private final boolean causal;

    private SampleAttentionConfig(Builder b) {
        this.alpha = b.alpha;
        this.sampleRatio = b.sampleRatio;
        this.windowRatio = b.windowRatio;
        this.sampleBlock = b.sampleBlock;
        this.minSparseLength = b.minSparseLength;
        this.denseFallbackDensity = b.denseFallbackDensity;
        this.scale = b.scale;
        this.causal = b.causal;
    }

    /** The defaults of DESIGN.md: alpha 0.95, 5% sampled, 8% window, blocks of 64, sparse from 4096. */
    public static SampleAttentionConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.alpha = alpha;
        b.sampleRatio = sampleRatio;
        b.windowRatio = windowRatio;
        b.sampleBlock = sampleBlock;
        b.minSparseLength = minSparseLength;
        b.denseFallbackDensity = denseFallbackDensity;
        b.scale = scale;
        b.causal = causal;
        return b;
    }

    /** Target attention recall (cumulative residual attention) of every sampled block, in (0, 1]. */
    public double alpha() {
        return alpha;
    }

    /** Fraction of query rows sampled, in (0, 1]. */
    public double sampleRatio() {
        return sampleRatio;
    }

    /** Local window as a fraction of the key length, in [0, 1]; the window is at least one key. */
    public double windowRatio() {
        return windowRatio;
    }

    /** Consecutive query rows per sampled block. */
    public int sampleBlock() {
        return sampleBlock;
    }

    /** Key lengths below this run dense attention. */
    public int minSparseLength() {
        return minSparseLength;
    }

    /** A head whose plan computes more than this fraction of the causal work runs dense. */
    public double denseFallbackDensity() {
        return denseFallbackDensity;
    }

    /** The explicit softmax scale, if one was set; otherwise {@link #scaleFor} uses 1/sqrt(d). */
    public OptionalDouble scale() {
        return scale;
    }

    public double scaleFor(int headDim) {
        return scale.orElse(1.0 / Math.sqrt(headDim));
    }

    public boolean causal() {
        return causal;
    }

    /** Window size in keys for a key length: {@code max(1, ceil(windowRatio * nk))}. */
    public int windowFor(long nk) {
        return (int) Math.max(1, Math.min(nk, (long) Math.ceil(windowRatio * nk)));
    }

    @Override
    public String toString() {
        return "SampleAttentionConfig{alpha=" + alpha + ", sampleRatio=" + sampleRatio + ", windowRatio="
                + windowRatio + ", sampleBlock=" + sampleBlock + ", minSparseLength=" + minSparseLength
                + ", denseFallbackDensity=" + denseFallbackDensity + ", scale="
                + (scale.isPresent() ? scale.getAsDouble() : "1/sqrt(d)") + ", causal=" + causal + "}";
    }

    /** Validates each value as it is set, so the message names the offending call. */
    public static final class Builder {
        private double alpha = DEFAULT_ALPHA;
        private double sampleRatio = DEFAULT_SAMPLE_RATIO;
        private double windowRatio = DEFAULT_WINDOW_RATIO;
        private int sampleBlock = DEFAULT_SAMPLE_BLOCK;
        private int minSparseLength = DEFAULT_MIN_SPARSE_LENGTH;
        private double denseFallbackDensity = DEFAULT_DENSE_FALLBACK_DENSITY;
        private OptionalDouble scale = OptionalDouble.empty();
        private boolean causal = true;

        private Builder() {
        }

        public Builder alpha(double value) {
            alpha = openClosedUnit("alpha", value);
            return this;
        }

        public Builder sampleRatio(double value) {
            sampleRatio = openClosedUnit("sampleRatio", value);
            return this;
        }

        public Builder windowRatio(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("windowRatio must be in [0, 1], got " + value);
            }
            windowRatio = value;
            return this;
        }

        public Builder sampleBlock(int value) {
            if (value < 1 || value > 1 << 16) {
                throw new IllegalArgumentException("sampleBlock must be in [1, 65536] rows, got " + value);
            }
            sampleBlock = value;
            return this;
        }

        public Builder minSparseLength(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("minSparseLength must be in [0, " + Integer.MAX_VALUE
                        + "] tokens, got " + value);
            }
            minSparseLength = value;
            return this;
        }

        public Builder denseFallbackDensity(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("denseFallbackDensity must be in [0, 1], got " + value);
            }
            denseFallbackDensity = value;
            return this;
        }

        public Builder scale(double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("scale must be a finite number in (0, inf), got " + value);
            }
            scale = OptionalDouble.of(value);
            return this;
        }

        public Builder causal(boolean value) {
            causal = value;
            return this;
        }

        public SampleAttentionConfig build() {
            return new SampleAttentionConfig(this);
        }

        private static double openClosedUnit(String name, double value) {
            if (!(value > 0 && value <= 1)) {
                throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
            }
            return value;
        }
    }
}
