package org.sampleattention.opencl;

/**
 * The sampling and attention kernels compiled for one head dim (a compile-time constant, so that a
 * row's query and accumulator can live in registers), with tile sizes fitted to the device.
 */
final class HeadDimKernels implements AutoCloseable {
    final int headDim;
    final TileSizes tiles;
    final ClKernel rowStats;
    final ClKernel columnScores;
    final ClKernel reduceCovered;
    final ClKernel gatherColumns;
    final ClKernel attend;
    private final ClProgram program;

    HeadDimKernels(ClContext context, int headDim) {
        this.headDim = headDim;
        this.tiles = TileSizes.forDevice(context.device(), headDim);
        this.program = new ClProgram(context, tiles.buildOptions(headDim), "elements.cl", "sampling.cl", "attention.cl");
        this.rowStats = program.kernel("sample_row_stats");
        this.columnScores = program.kernel("sample_column_scores");
        this.reduceCovered = program.kernel("reduce_covered");
        this.gatherColumns = program.kernel("gather_columns");
        this.attend = program.kernel("attend");
    }

    @Override
    public void close() {
        program.close();
    }
}
