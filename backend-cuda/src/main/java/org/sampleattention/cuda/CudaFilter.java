package org.sampleattention.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jcuda.Pointer;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.spi.Filter;

/**
 * The per-block coverage filter of DESIGN.md section 4 on the device (kernels in filter.cu): every
 * head's columns sorted by total residual mass (descending, ties to the lower index), each sampled
 * block's shortest satisfying prefix found by a scan, the head's cut the longest of them, and the
 * selected columns compacted in ascending order and packed head after head. The host downloads only
 * the final plan, in one copy. Scores from another backend are uploaded first.
 */
final class CudaFilter implements Filter {
    private static final int SORT_CHUNK = 2048;

    private final CudaEngine engine;

    CudaFilter(CudaEngine engine) {
        this.engine = engine;
    }

    @Override
    public SparsePlan filter(ColumnScores scores, SampleAttentionConfig config) {
        ScoreLayout layout = scores.layout();
        MaskGeometry geometry = layout.geometry();
        if (geometry.keyLength() < config.minSparseLength()) {
            return SparsePlan.allDense(geometry, layout.qHeads(), layout.kvHeads());
        }
        if (scores instanceof CudaColumnScores own && own.ownedBy(engine)) {
            return engine.call(() -> run(own, config));
        }
        var host = scores.toHost();
        return engine.call(() -> {
            try (CudaColumnScores uploaded = CudaColumnScores.upload(engine, host)) {
                return run(uploaded, config);
            }
        });
    }

    private SparsePlan run(CudaColumnScores scores, SampleAttentionConfig config) {
        CudaContext context = engine.context();
        KernelModule kernels = engine.filterKernels();
        ScoreLayout layout = scores.layout();
        SampleBlocks blocks = layout.blocks();
        int hq = layout.qHeads(), nk = layout.keyLength(), nb = blocks.count();
        int padded = Integer.highestOneBit(Math.max(1, nk - 1)) << (nk > 1 ? 1 : 0);
        double[] targets = new double[nb];
        for (int b = 0; b < nb; b++) {
            targets[b] = config.alpha() * blocks.rows(b);
        }
        int[] counts = new int[hq];
        double[] selectedMass = new double[hq];
        double[] covered = new double[hq * nb];
        List<int[]> columns = new ArrayList<>(hq);
        try (DeviceBuffer keys = context.allocate(8L * hq * padded, "filter sort keys");
             DeviceBuffer targetBuffer = HostCopies.uploadDoubles(context, targets, "filter targets");
             DeviceBuffer residualEnds = HostCopies.uploadInts(context, layout.residualEnds(), "residual ends");
             DeviceBuffer cuts = context.allocate(4L * hq * nb, "filter cuts");
             DeviceBuffer flags = context.allocate(4L * hq * nk, "filter flags");
             DeviceBuffer selected = context.allocate(4L * hq * nk, "selected columns");
             DeviceBuffer countBuffer = context.allocate(4L * hq, "selected counts");
             DeviceBuffer massBuffer = context.allocate(8L * hq, "selected mass")) {
            cuMemsetD32Async(flags.pointer(), 0, (long) hq * nk, context.stream());
            cuMemsetD32Async(massBuffer.pointer(), 0, 2L * hq, context.stream());
            kernels.launch("filter_keys", (padded + 255) / 256, hq, 256, 0,
                    new KernelArgs().ptr(scores.residual).ptr(residualEnds).ptr(keys).i32(nb).i32(nk).i32(padded));
            sort(kernels, keys, hq, padded);
            kernels.launch("filter_block_cut", nb, hq, 512, 0, new KernelArgs().ptr(keys).ptr(scores.residual)
                    .ptr(scores.covered).ptr(targetBuffer).ptr(cuts).i32(nb).i32(nk).i32(padded));
            kernels.launch("filter_mark", (nk + 255) / 256, hq, 256, 0,
                    new KernelArgs().ptr(keys).ptr(cuts).ptr(flags).ptr(massBuffer).i32(nb).i32(nk).i32(padded));
            kernels.launch("filter_compact", hq, 1, 1024, 0,
                    new KernelArgs().ptr(flags).ptr(selected).ptr(countBuffer).i32(nk));
            // into the flags, which filter_compact has consumed: room for every column of every head
            kernels.launch("filter_pack", 16, hq, 256, 0,
                    new KernelArgs().ptr(selected).ptr(countBuffer).i32(nk).ptr(flags));
            context.synchronize();  // the engine's stream does not order the synchronous copies
            cuMemcpyDtoH(Pointer.to(counts), countBuffer.pointer(), 4L * hq);
            cuMemcpyDtoH(Pointer.to(selectedMass), massBuffer.pointer(), 8L * hq);
            cuMemcpyDtoH(Pointer.to(covered), scores.covered.pointer(), 8L * hq * nb);
            int[] packed = new int[Arrays.stream(counts).sum()];
            if (packed.length > 0) {
                cuMemcpyDtoH(Pointer.to(packed), flags.pointer(), 4L * packed.length);
            }
            for (int h = 0, from = 0; h < hq; from += counts[h], h++) {
                columns.add(Arrays.copyOfRange(packed, from, from + counts[h]));
            }
        }
        return plan(layout, config, columns, selectedMass, covered);
    }

    /** Bitonic sort of each head's {@code padded} keys: chunks in shared memory, longer strides in global. */
    private static void sort(KernelModule kernels, DeviceBuffer keys, int hq, int padded) {
        int chunks = Math.max(1, padded / SORT_CHUNK);
        kernels.launch("bitonic_sort_local", chunks, hq, 1024, 0, new KernelArgs().ptr(keys).i32(padded));
        for (int k = 2 * SORT_CHUNK; k <= padded; k <<= 1) {
            for (int j = k >> 1; j >= SORT_CHUNK; j >>= 1) {
                kernels.launch("bitonic_merge_global", (padded / 2 + 255) / 256, hq, 256, 0,
                        new KernelArgs().ptr(keys).i32(padded).i32(k).i32(j));
            }
            kernels.launch("bitonic_merge_local", chunks, hq, 1024, 0, new KernelArgs().ptr(keys).i32(padded).i32(k));
        }
    }

    /** Head plans from the selected columns; a head above the dense-fallback density runs dense. */
    private static SparsePlan plan(ScoreLayout layout, SampleAttentionConfig config, List<int[]> columns,
                                   double[] selectedMass, double[] covered) {
        MaskGeometry geometry = layout.geometry();
        int nb = layout.blocks().count();
        double rows = layout.blocks().totalRows();
        List<HeadPlan> heads = new ArrayList<>(layout.qHeads());
        for (int h = 0; h < layout.qHeads(); h++) {
            double mass = selectedMass[h];
            for (int b = 0; b < nb; b++) {
                mass += covered[h * nb + b];
            }
            heads.add(HeadPlan.fromColumns(layout, h, columns.get(h), mass / rows, config));
        }
        return new SparsePlan(geometry, heads);
    }
}
