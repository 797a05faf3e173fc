package org.sampleattention.plan;

/**
 * Column scores in host memory. Per q-head, {@code residual} holds the blocks' residual masses block
 * after block ({@code [blocks][Nk]}, f32 storage of f32-or-wider sums), {@code covered} the blocks'
 * window-covered masses.
 */
public final class HostColumnScores implements ColumnScores {
    private final ScoreLayout layout;
    private final float[][] residual;
    private final double[][] covered;

    public HostColumnScores(ScoreLayout layout) {
        this.layout = layout;
        int nb = layout.blocks().count();
        long perHead = (long) nb * layout.keyLength();
        if (perHead > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(nb + " sampled blocks x " + layout.keyLength()
                    + " keys do not fit in host column scores");
        }
        this.residual = new float[layout.qHeads()][(int) perHead];
        this.covered = new double[layout.qHeads()][nb];
    }

    @Override
    public ScoreLayout layout() {
        return layout;
    }

    @Override
    public HostColumnScores toHost() {
        return this;
    }

    /** The residual masses of one head, block after block; writable, for samplers filling it in. */
    public float[] residualOf(int qHead) {
        return residual[qHead];
    }

    /** The window-covered masses of one head's blocks; writable, for samplers filling it in. */
    public double[] coveredOf(int qHead) {
        return covered[qHead];
    }

    public double residual(int qHead, int block, int key) {
        return residual[qHead][block * layout.keyLength() + key];
    }

    public double covered(int qHead, int block) {
        return covered[qHead][block];
    }

    /** {@code R[j]}: residual mass of key j summed over every sampled row of the head. */
    public double[] totalResidual(int qHead) {
        int nk = layout.keyLength();
        double[] total = new double[nk];
        float[] r = residual[qHead];
        for (int b = 0; b < layout.blocks().count(); b++) {
            int base = b * nk;
            for (int j = 0; j < nk; j++) {
                total[j] += r[base + j];
            }
        }
        return total;
    }
}
