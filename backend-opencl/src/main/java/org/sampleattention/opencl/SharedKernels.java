package org.sampleattention.opencl;

/**
 * The kernels that depend on neither head dim nor dtype, built once when the engine is made: the
 * filter's, and the finite-value check of inputs.
 */
final class SharedKernels implements AutoCloseable {
    final ClKernel initOrder;
    final ClKernel bitonicStep;
    final ClKernel blockCut;
    final ClKernel headCut;
    final ClKernel markSelected;
    final ClKernel compactMarked;
    final ClKernel findNonFinite;
    private final ClProgram program;

    SharedKernels(ClContext context) {
        this.program = new ClProgram(context, "", "filter.cl", "checks.cl");
        this.initOrder = program.kernel("init_order");
        this.bitonicStep = program.kernel("bitonic_step");
        this.blockCut = program.kernel("block_cut");
        this.headCut = program.kernel("head_cut");
        this.markSelected = program.kernel("mark_selected");
        this.compactMarked = program.kernel("compact_marked");
        this.findNonFinite = program.kernel("find_non_finite");
    }

    @Override
    public void close() {
        program.close();
    }
}
