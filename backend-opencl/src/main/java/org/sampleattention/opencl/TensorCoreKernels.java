package org.sampleattention.opencl;

import org.sampleattention.DType;

/**
 * The tensor-core kernels ({@link TensorCorePath}) compiled for one head dim and one 16-bit dtype, with
 * key tiles fitted to the device's local memory.
 */
final class TensorCoreKernels implements AutoCloseable {
    final ClKernel sample;
    final ClKernel gatherRows;
    final ClKernel attend;
    private final ClProgram program;

    TensorCoreKernels(ClContext context, int headDim, DType dtype) {
        long local = context.device().localMemBytes();
        int attendTile = TensorCorePath.attendKeyTile(local, headDim);
        int sampleTile = TensorCorePath.sampleKeyTile(local, headDim);
        if (attendTile == 0 || sampleTile == 0) {
            throw new IllegalArgumentException("head dim " + headDim + " does not fit the tensor-core kernels in the "
                    + local + " bytes of local memory of " + context.device().name());
        }
        String options = "-DHEAD_DIM=" + headDim + " -DELEM_" + dtype.name() + " -DATTEND_KEY_TILE=" + attendTile
                + " -DSAMPLE_KEY_TILE=" + sampleTile;
        this.program = new ClProgram(context, options, "tensor_cores.cl", "attention_mma.cl", "sampling_mma.cl");
        try {
            this.sample = program.kernel("sample_mma");
            this.gatherRows = program.kernel("gather_rows");
            this.attend = program.kernel("attend_mma");
        } catch (RuntimeException e) {
            program.close();
            throw e;
        }
    }

    @Override
    public void close() {
        program.close();
    }
}
