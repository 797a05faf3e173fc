package org.sampleattention.opencl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.opencl.ClKernel.LocalBytes;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Filter;

/**
 * Filtering on the device with the per-block rule: columns ordered by total residual (bitonic sort,
 * ties to the lower index), each block's shortest sufficient prefix found by a work-group scan, the
 * head's prefix the longest of them, then compacted into ascending column indices. The host reads the
 * finished plan once and applies the dense fallback (a density check on the column list).
 */
final class OpenClFilter implements Filter {
    private static final int SCAN_GROUP = 256;

    private final OpenClEngine engine;

    OpenClFilter(OpenClEngine engine) {
        this.engine = engine;
    }

    @Override
    public SparsePlan filter(ColumnScores scores, SampleAttentionConfig config) {
        ScoreLayout layout = scores.layout();
        MaskGeometry geometry = layout.geometry();
        if (geometry.keyLength() < config.minSparseLength()) {
            return SparsePlan.allDense(geometry, layout.qHeads(), layout.kvHeads());
        }
        synchronized (engine) {
            boolean own = scores instanceof DeviceColumnScores d && d.engine() == engine;
            DeviceColumnScores device = own ? (DeviceColumnScores) scores
                    : DeviceColumnScores.upload(engine, scores.toHost());
            try {
                return filter(device, layout, config);
            } finally {
                if (!own) {
                    device.close();
                }
            }
        }
    }

    private SparsePlan filter(DeviceColumnScores scores, ScoreLayout layout, SampleAttentionConfig config) {
        SharedKernels kernels = engine.sharedKernels();
        ClContext context = engine.context();
        int hq = layout.qHeads(), nk = layout.keyLength(), nb = layout.blocks().count();
        int padded = Integer.highestOneBit(nk) == nk ? nk : Integer.highestOneBit(nk) << 1;
        try (Scratch scratch = new Scratch()) {
            ClBuffer key = scratch.add(context.allocate((long) hq * padded * Float.BYTES, "column order keys"));
            ClBuffer index = scratch.add(context.allocate((long) hq * padded * Integer.BYTES, "column order"));
            ClBuffer cut = scratch.add(context.allocate((long) hq * nb * Integer.BYTES, "per-block cuts"));
            ClBuffer count = scratch.add(context.allocate((long) hq * Integer.BYTES, "column counts"));
            ClBuffer coverage = scratch.add(context.allocate((long) hq * Float.BYTES, "estimated coverage"));
            ClBuffer mark = scratch.add(context.allocate((long) hq * nk * Integer.BYTES, "selected-column marks"));
            ClBuffer columns = scratch.add(context.allocate((long) hq * nk * Integer.BYTES, "selected columns"));

            long[] perColumn = {padded, hq};
            kernels.initOrder.args(scores.residual, nb, nk, padded, key, index).launch(perColumn, null);
            for (int size = 2; size <= padded; size <<= 1) {
                for (int stride = size >> 1; stride > 0; stride >>= 1) {
                    kernels.bitonicStep.args(key, index, padded, size, stride).launch(perColumn, null);
                }
            }
            int cutGroup = kernels.blockCut.workGroup(SCAN_GROUP);
            kernels.blockCut.args(scores.residual, scores.covered, index, scores.blockStart, scores.blockEnd,
                            (float) config.alpha(), nk, padded, cut, new LocalBytes((long) cutGroup * Float.BYTES))
                    .launch(new long[] {cutGroup, nb, hq}, new long[] {cutGroup, 1, 1});
            int headGroup = kernels.headCut.workGroup(SCAN_GROUP);
            kernels.headCut.args(cut, scores.covered, key, nb, padded, layout.blocks().totalRows(), count, coverage,
                            new LocalBytes((long) headGroup * Float.BYTES))
                    .launch(new long[] {(long) headGroup * hq}, new long[] {headGroup});
            context.zero(mark, (long) hq * nk * Integer.BYTES);
            kernels.markSelected.args(index, count, nk, padded, mark).launch(perColumn, null);
            int compactGroup = kernels.compactMarked.workGroup(SCAN_GROUP);
            kernels.compactMarked.args(mark, nk, columns, new LocalBytes((long) compactGroup * Integer.BYTES))
                    .launch(new long[] {(long) compactGroup * hq}, new long[] {compactGroup});

            int[] counts = new int[hq];
            float[] coverages = new float[hq];
            context.read(count, 0, counts);
            context.read(coverage, 0, coverages);
            List<HeadPlan> heads = new ArrayList<>(hq);
            for (int h = 0; h < hq; h++) {
                int[] selected = new int[counts[h]];
                if (selected.length > 0) {
                    context.read(columns, (long) h * nk * Integer.BYTES, selected);
                }
                heads.add(headPlan(layout, h, selected, coverages[h], config));
            }
            return new SparsePlan(layout.geometry(), heads);
        }
    }

    /** The head's plan, or dense when it would compute more than the fallback density (as the reference does). */
    private static HeadPlan headPlan(ScoreLayout layout, int h, int[] columns, double coverage,
                                     SampleAttentionConfig config) {
        MaskGeometry geometry = layout.geometry();
        int kvHead = layout.kvHeadOf(h);
        double density = (double) geometry.sparsePairs(columns) / geometry.densePairs();
        if (density > config.denseFallbackDensity()) {
            return HeadPlan.dense(h, kvHead, geometry.window(), 1.0);
        }
        assert Arrays.equals(columns, Arrays.stream(columns).sorted().toArray());
        return new HeadPlan(h, kvHead, false, geometry.window(), columns, coverage);
    }
}
