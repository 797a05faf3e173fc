package org.sampleattention.opencl;

/** The filtering kernels, independent of head dim and dtype, built once per engine. */
final class FilterKernels implements AutoCloseable {
    final ClKernel initOrder;
    final ClKernel bitonicStep;
    final ClKernel blockCut;
    final ClKernel headCut;
    final ClKernel markSelected;
    final ClKernel compactMarked;
    private final ClProgram program;

    FilterKernels(ClContext context) {
        this.program = new ClProgram(context, "", "filter.cl");
        this.initOrder = program.kernel("init_order");
        this.bitonicStep = program.kernel("bitonic_step");
        this.blockCut = program.kernel("block_cut");
        this.headCut = program.kernel("head_cut");
        this.markSelected = program.kernel("mark_selected");
        this.compactMarked = program.kernel("compact_marked");
    }

    @Override
    public void close() {
        program.close();
    }
}
