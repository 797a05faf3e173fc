package org.sampleattention.cuda;

import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.SparsePlan;

/**
 * A sparse plan on the device: every sparse head's ascending columns concatenated, each head's
 * offset and count (-1 for a head the plan runs dense), and the selected key and value rows gathered
 * once into contiguous buffers so that the attention kernel streams them like dense key blocks.
 */
final class PlanColumns implements AutoCloseable {
    final DeviceBuffer offsets;
    final DeviceBuffer counts;
    final DeviceBuffer columns;  // null when no head selected a column
    final DeviceBuffer keys;
    final DeviceBuffer values;

    private PlanColumns(DeviceBuffer offsets, DeviceBuffer counts, DeviceBuffer columns, DeviceBuffer keys,
                        DeviceBuffer values) {
        this.offsets = offsets;
        this.counts = counts;
        this.columns = columns;
        this.keys = keys;
        this.values = values;
    }

    /** Whether every head runs dense, so the plan needs no device form. */
    static boolean allDense(SparsePlan plan) {
        return plan.heads().stream().allMatch(HeadPlan::dense);
    }

    /** Uploads the plan and gathers its columns from {@code in}; call with the engine held. */
    static PlanColumns gather(CudaEngine engine, SparsePlan plan, DeviceInputs in) {
        CudaContext context = engine.context();
        int hq = plan.qHeads();
        int[] offset = new int[hq];
        int[] count = new int[hq];
        long total = 0;
        for (int h = 0; h < hq; h++) {
            HeadPlan p = plan.head(h);
            offset[h] = (int) total;
            count[h] = p.dense() ? -1 : p.columnCount();
            total += p.dense() ? 0 : p.columnCount();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the plan selects " + total + " columns in all, more than the "
                    + "cuda backend indexes (2^31 - 1)");
        }
        int[] columns = new int[(int) total];
        int[] rowHead = new int[(int) total];
        for (int h = 0; h < hq; h++) {
            if (count[h] > 0) {
                System.arraycopy(plan.head(h).columns(), 0, columns, offset[h], count[h]);
                java.util.Arrays.fill(rowHead, offset[h], offset[h] + count[h], h);
            }
        }
        DeviceBuffer offsets = null, counts = null, cols = null, heads = null, keys = null, values = null;
        try {
            offsets = HostCopies.uploadInts(context, offset, "plan offsets");
            counts = HostCopies.uploadInts(context, count, "plan counts");
            if (total > 0) {
                int d = (int) in.k.shape().dim(2);
                long rowBytes = (long) d * in.k.dtype().byteSize();
                cols = HostCopies.uploadInts(context, columns, "plan columns");
                heads = HostCopies.uploadInts(context, rowHead, "plan column heads");
                keys = context.allocate(total * rowBytes, "gathered keys of " + total + " columns");
                values = context.allocate(total * rowBytes, "gathered values of " + total + " columns");
                engine.attentionKernels().launch("gather_columns", total, 1, 128, 0, new KernelArgs()
                        .ptr(in.k.buffer()).ptr(in.v.buffer()).ptr(keys).ptr(values).ptr(cols).ptr(offsets)
                        .ptr(counts).ptr(heads).i32(hq).i32((int) in.k.shape().dim(0))
                        .i32((int) in.k.shape().dim(1)).i32((int) total).i32((int) (rowBytes / 2)));
                context.synchronize();
                heads.close();
            }
            return new PlanColumns(offsets, counts, cols, keys, values);
        } catch (RuntimeException e) {
            for (DeviceBuffer b : new DeviceBuffer[] {offsets, counts, cols, heads, keys, values}) {
                if (b != null) {
                    b.close();
                }
            }
            throw e;
        }
    }

    @Override
    public void close() {
        for (DeviceBuffer b : new DeviceBuffer[] {offsets, counts, columns, keys, values}) {
            if (b != null) {
                b.close();
            }
        }
    }
}
