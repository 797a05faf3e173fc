package org.sampleattention.opencl;

import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.ScoreLayout;

/**
 * Column scores kept on the device where the sampler wrote them: residual masses {@code [Hq][nb][Nk]}
 * and covered masses {@code [Hq][nb]} (f32), with the sampled blocks' row ranges and residual ends
 * ({@link ScoreLayout#residualEnd}) the filter needs.
 */
final class DeviceColumnScores implements ColumnScores {
    private final OpenClEngine engine;
    private final ScoreLayout layout;
    final ClBuffer residual;
    final ClBuffer covered;
    final ClBuffer blockStart;
    final ClBuffer blockEnd;
    final ClBuffer residualEnd;

    private DeviceColumnScores(OpenClEngine engine, ScoreLayout layout, ClBuffer residual, ClBuffer covered,
                               ClBuffer blockStart, ClBuffer blockEnd, ClBuffer residualEnd) {
        this.engine = engine;
        this.layout = layout;
        this.residual = residual;
        this.covered = covered;
        this.blockStart = blockStart;
        this.blockEnd = blockEnd;
        this.residualEnd = residualEnd;
    }

    /** Empty scores for a layout; their buffers are released if any allocation fails. */
    static DeviceColumnScores allocate(OpenClEngine engine, ScoreLayout layout) {
        ClContext context = engine.context();
        int nb = layout.blocks().count();
        int[] starts = new int[nb], ends = new int[nb];
        for (int b = 0; b < nb; b++) {
            starts[b] = layout.blocks().start(b);
            ends[b] = layout.blocks().end(b);
        }
        Scratch made = new Scratch();
        try {
            long cells = (long) layout.qHeads() * nb;
            return new DeviceColumnScores(engine, layout,
                    made.add(context.allocate(cells * layout.keyLength() * Float.BYTES, "residual column scores")),
                    made.add(context.allocate(cells * Float.BYTES, "covered masses")),
                    made.add(context.upload(starts, "sampled block starts")),
                    made.add(context.upload(ends, "sampled block ends")),
                    made.add(context.upload(layout.residualEnds(), "residual ends")));
        } catch (RuntimeException e) {
            made.close();
            throw e;
        }
    }

    /** A device copy of scores computed elsewhere. */
    static DeviceColumnScores upload(OpenClEngine engine, HostColumnScores host) {
        ScoreLayout layout = host.layout();
        DeviceColumnScores scores = allocate(engine, layout);
        try {
            int nb = layout.blocks().count();
            long perHead = (long) nb * layout.keyLength() * Float.BYTES;
            float[] covered = new float[layout.qHeads() * nb];
            for (int h = 0; h < layout.qHeads(); h++) {
                engine.context().write(scores.residual, h * perHead, host.residualOf(h));
                for (int b = 0; b < nb; b++) {
                    covered[h * nb + b] = (float) host.covered(h, b);
                }
            }
            engine.context().write(scores.covered, 0, covered);
            return scores;
        } catch (RuntimeException e) {
            scores.close();
            throw e;
        }
    }

    OpenClEngine engine() {
        return engine;
    }

    @Override
    public ScoreLayout layout() {
        return layout;
    }

    @Override
    public HostColumnScores toHost() {
        synchronized (engine) {
            HostColumnScores host = new HostColumnScores(layout);
            int nb = layout.blocks().count();
            long perHead = (long) nb * layout.keyLength() * Float.BYTES;
            float[] covered = new float[layout.qHeads() * nb];
            ClContext context = engine.context();
            context.read(this.covered, 0, covered);
            for (int h = 0; h < layout.qHeads(); h++) {
                context.read(residual, h * perHead, host.residualOf(h));
                double[] target = host.coveredOf(h);
                for (int b = 0; b < nb; b++) {
                    target[b] = covered[h * nb + b];
                }
            }
            return host;
        }
    }

    @Override
    public void close() {
        residual.close();
        covered.close();
        blockStart.close();
        blockEnd.close();
        residualEnd.close();
    }
}
