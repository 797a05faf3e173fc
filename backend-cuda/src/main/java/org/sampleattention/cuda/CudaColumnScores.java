package org.sampleattention.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import jcuda.Pointer;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.ScoreLayout;

/**
 * Column scores left on the device for the filter: residual masses f32 {@code [Hq][blocks][Nk]} and
 * covered masses f64 {@code [Hq][blocks]}. {@link #toHost()} copies them out.
 */
final class CudaColumnScores implements ColumnScores {
    private final CudaEngine engine;
    private final ScoreLayout layout;
    final DeviceBuffer residual;
    final DeviceBuffer covered;

    CudaColumnScores(CudaEngine engine, ScoreLayout layout, DeviceBuffer residual, DeviceBuffer covered) {
        this.engine = engine;
        this.layout = layout;
        this.residual = residual;
        this.covered = covered;
    }

    /** Device buffers sized for {@code layout}, uninitialised; call with the engine held. */
    static CudaColumnScores allocate(CudaEngine engine, ScoreLayout layout) {
        long blocks = layout.blocks().count();
        DeviceBuffer residual = engine.context().allocate(4L * layout.qHeads() * blocks * layout.keyLength(),
                "residual column scores (" + layout.qHeads() + " heads x " + blocks + " blocks x "
                        + layout.keyLength() + " keys)");
        try {
            DeviceBuffer covered = engine.context().allocate(8L * layout.qHeads() * blocks, "covered masses");
            return new CudaColumnScores(engine, layout, residual, covered);
        } catch (RuntimeException e) {
            residual.close();
            throw e;
        }
    }

    /** Host scores copied to the device; call with the engine held. */
    static CudaColumnScores upload(CudaEngine engine, HostColumnScores host) {
        ScoreLayout layout = host.layout();
        CudaColumnScores scores = allocate(engine, layout);
        long perHead = (long) layout.blocks().count() * layout.keyLength();
        for (int h = 0; h < layout.qHeads(); h++) {
            cuMemcpyHtoD(scores.residual.at(4L * h * perHead), Pointer.to(host.residualOf(h)), 4L * perHead);
            cuMemcpyHtoD(scores.covered.at(8L * h * layout.blocks().count()), Pointer.to(host.coveredOf(h)),
                    8L * layout.blocks().count());
        }
        return scores;
    }

    boolean ownedBy(CudaEngine other) {
        return engine == other;
    }

    @Override
    public ScoreLayout layout() {
        return layout;
    }

    @Override
    public HostColumnScores toHost() {
        return engine.call(() -> {
            HostColumnScores host = new HostColumnScores(layout);
            int blocks = layout.blocks().count();
            long perHead = (long) blocks * layout.keyLength();
            for (int h = 0; h < layout.qHeads(); h++) {
                cuMemcpyDtoH(Pointer.to(host.residualOf(h)), residual.at(4L * h * perHead), 4L * perHead);
                cuMemcpyDtoH(Pointer.to(host.coveredOf(h)), covered.at(8L * h * blocks), 8L * blocks);
            }
            return host;
        });
    }

    @Override
    public void close() {
        residual.close();
        covered.close();
    }
}
