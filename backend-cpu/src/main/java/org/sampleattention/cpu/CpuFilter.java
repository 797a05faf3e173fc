package org.sampleattention.cpu;

import java.util.Arrays;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.HostColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.reference.BlockCoverageFilter;
import org.sampleattention.spi.Filter;

/**
 * The per-block coverage rule of DESIGN.md section 4, step 2, as the reference
 * {@link BlockCoverageFilter} computes it, with the heads filtered in parallel on the engine's pool.
 */
final class CpuFilter implements Filter {
    private final CpuEngine engine;

    CpuFilter(CpuEngine engine) {
        this.engine = engine;
    }

    @Override
    public SparsePlan filter(ColumnScores scores, SampleAttentionConfig config) {
        HostColumnScores host = scores.toHost();
        ScoreLayout layout = host.layout();
        MaskGeometry geometry = layout.geometry();
        if (geometry.keyLength() < config.minSparseLength()) {
            return SparsePlan.allDense(geometry, layout.qHeads(), layout.kvHeads());
        }
        HeadPlan[] heads = new HeadPlan[layout.qHeads()];
        ParallelLoop.run(engine.pool(), heads.length, h -> heads[h] = BlockCoverageFilter.filterHead(host, h, config));
        return new SparsePlan(geometry, Arrays.asList(heads));
    }
}
