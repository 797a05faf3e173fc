package org.sampleattention.opencl;

/**
 * The sampling and attention kernels compiled for one head dim (a compile-time constant, so that the
 * loops over it unroll and a row's query and accumulator can live in registers), with tile sizes
 * fitted to the device. Should the compiled attention kernel allow fewer work-items per group than
 * the device in general (register pressure), it is rebuilt with fewer rows per group.
 */
final class HeadDimKernels implements AutoCloseable {
    final TileSizes tiles;
    final ClKernel rowStats;
    final ClKernel columnScores;
    final ClKernel reduceCovered;
    final ClKernel gatherColumns;
    final ClKernel attend;
    private final ClProgram program;

    HeadDimKernels(ClContext context, int headDim) {
        int rows = TileSizes.attendRowsFor(context.device());
        while (true) {
            TileSizes sizes = TileSizes.forDevice(context.device(), headDim, rows);
            ClProgram built = new ClProgram(context, sizes.buildOptions(headDim), "elements.cl", "sampling.cl",
                    "attention.cl");
            ClKernel attendKernel = built.kernel("attend");
            if (attendKernel.workGroup(2 * rows) == 2 * rows || rows == 1) {
                this.tiles = sizes;
                this.program = built;
                this.attend = attendKernel;
                break;
            }
            built.close();
            rows /= 2;
        }
        this.rowStats = program.kernel("sample_row_stats");
        this.columnScores = program.kernel("sample_column_scores");
        this.reduceCovered = program.kernel("reduce_covered");
        this.gatherColumns = program.kernel("gather_columns");
    }

    @Override
    public void close() {
        program.close();
    }
}
