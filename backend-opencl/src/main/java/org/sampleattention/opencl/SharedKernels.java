package org.sampleattention.opencl;

/**
 * The kernels that depend on neither head dim nor dtype, built once when the engine is made: the
 * filter's, and the finite-value check of inputs.
 */
final class SharedKernels implements AutoCloseable {
    final ClKernel initOrder;
    final ClKernel bitonicSortLocal;
    final ClKernel bitonicMergeGlobal;
    final ClKernel bitonicMergeLocal;
    final ClKernel blockCut;
    final ClKernel headCut;
    final ClKernel markSelected;
    final ClKernel compactMarked;
    final ClKernel packColumns;
    final ClKernel findNonFinite;
    private final ClProgram program;

    SharedKernels(ClContext context) {
        this.program = new ClProgram(context, "", "filter.cl", "checks.cl");
        this.initOrder = program.kernel("init_order");
        this.bitonicSortLocal = program.kernel("bitonic_sort_local");
        this.bitonicMergeGlobal = program.kernel("bitonic_merge_global");
        this.bitonicMergeLocal = program.kernel("bitonic_merge_local");
        this.blockCut = program.kernel("block_cut");
        this.headCut = program.kernel("head_cut");
        this.markSelected = program.kernel("mark_selected");
        this.compactMarked = program.kernel("compact_marked");
        this.packColumns = program.kernel("pack_columns");
        this.findNonFinite = program.kernel("find_non_finite");
    }

    @Override
    public void close() {
        program.close();
    }
}
