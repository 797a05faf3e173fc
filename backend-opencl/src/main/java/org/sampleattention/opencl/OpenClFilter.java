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
    /** Work-items of a local sort kernel where the device allows, as the cuda backend's sort uses. */
    private static final int SORT_GROUP = 1024;

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
            orderColumns(kernels, scores.residual, scores.residualEnd, hq, nb, nk, padded,
                    sortChunk(kernels, context.device()), key, index);
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
            int[] packed = new int[Arrays.stream(counts).sum()];
            if (packed.length > 0) {
                ClBuffer packedBuffer = scratch.add(context.allocate((long) packed.length * Integer.BYTES,
                        "selected columns, packed"));
                int packGroup = kernels.packColumns.workGroup(SCAN_GROUP);
                kernels.packColumns.args(columns, count, nk, packedBuffer)
                        .launch(new long[] {(long) packGroup * 16, hq}, new long[] {packGroup, 1});
                context.read(packedBuffer, 0, packed);
            }
            List<HeadPlan> heads = new ArrayList<>(hq);
            for (int h = 0, from = 0; h < hq; from += counts[h], h++) {
                heads.add(HeadPlan.fromColumns(layout, h, Arrays.copyOfRange(packed, from, from + counts[h]),
                        coverages[h], config));
            }
            return new SparsePlan(layout.geometry(), heads);
        }
    }

    /**
     * The longest chunk the local sort kernels take: one pair per work-item, both arrays in local memory,
     * a power of two (the sort's lengths are).
     */
    static int sortChunk(SharedKernels kernels, ClDevice device) {
        int items = Math.min(kernels.bitonicSortLocal.workGroup(SORT_GROUP),
                kernels.bitonicMergeLocal.workGroup(SORT_GROUP));
        long fits = device.localMemBytes() / (Float.BYTES + Integer.BYTES);
        return (int) Math.max(2, Long.highestOneBit(Math.min(2L * items, fits)));
    }

    /**
     * Each head's columns in filter order, into {@code key} (the totals) and {@code index} ([hq][padded]):
     * the totals (block b's scores read below {@code residualEnd[b]} only), then a bitonic sort whose
     * steps with strides below {@code chunk} (a power of two of at most {@link #sortChunk}) run in local
     * memory: a global step costs a launch and a pass over every entry, so the stages up to the chunk
     * take one launch together and each longer stage one per stride of at least the chunk plus one for
     * the rest. Only the grouping changes: the compare-exchange network, and so the order, is the same
     * for any chunk.
     */
    static void orderColumns(SharedKernels kernels, ClBuffer residual, ClBuffer residualEnd, int hq, int nb, int nk,
                             int padded, int chunk, ClBuffer key, ClBuffer index) {
        kernels.initOrder.args(residual, residualEnd, nb, nk, padded, key, index).launch(new long[] {padded, hq}, null);
        if (padded < 2) {
            return;
        }
        int items = Math.min(chunk, padded) / 2;
        long[] perPair = {padded / 2, hq}, group = {items, 1};
        LocalBytes localKey = new LocalBytes((long) 2 * items * Float.BYTES);
        LocalBytes localIndex = new LocalBytes((long) 2 * items * Integer.BYTES);
        kernels.bitonicSortLocal.args(key, index, padded, localKey, localIndex).launch(perPair, group);
        for (int size = 4 * items; size <= padded; size <<= 1) {
            for (int stride = size >> 1; stride >= 2 * items; stride >>= 1) {
                kernels.bitonicMergeGlobal.args(key, index, padded, size, stride).launch(perPair, null);
            }
            kernels.bitonicMergeLocal.args(key, index, padded, size, localKey, localIndex).launch(perPair, group);
        }
    }
}
