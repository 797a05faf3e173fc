package org.sampleattention.cuda;

import org.sampleattention.DType;
import org.sampleattention.Shape;
import org.sampleattention.spi.Switch;

/**
 * Runs a head dim without tile kernels on the next one with them: q, k and v are copied with zero
 * columns up to that dim (layout.cu), the tile kernels run there, and the output's extra columns are cut
 * off. Zero columns add nothing to q.k, so the scores, the softmax and the plan are those of the caller's
 * head dim (whose softmax scale the call keeps), and the output's extra columns are sums of zeros. The
 * row-wise kernels that such dims took before are far slower than the tiles, even with the padding's
 * extra work (H200, d = 80 at 32K: dense bf16 1002 against 6.0 ms, f32 1306 against 65 ms; see
 * docs/benchmarks.md); they remain for dims above the largest tile, 256.
 * The padded copies live for the call, device memory on top of the inputs' own.
 * {@code -Dsampleattention.cuda.padHeadDims=off} (read when an engine is made) sends every such dim to
 * the row-wise kernels, to compare the two.
 */
final class HeadDimPadding {
    static final String PROPERTY = "sampleattention.cuda.padHeadDims";
    /** Every head dim with tile kernels for some dtype, ascending. */
    private static final int[] TILE_DIMS = {64, 96, 128, 256};
    private static final int THREADS = 256;

    private HeadDimPadding() {
    }

    /** Whether an engine pads head dims; reads the property (a typo is an error). */
    static boolean enabled() {
        return enabled(System.getProperty(PROPERTY));
    }

    /** As {@link #enabled()}, with the property's value given (null: not set). */
    static boolean enabled(String property) {
        return Switch.on(PROPERTY, property);
    }

    /** The head dim inputs of this dtype and head dim run at: the smallest tile dim at or above it, else its own. */
    static int runDim(DType dtype, int headDim) {
        for (int dim : TILE_DIMS) {
            if (dim >= headDim && (TensorCoreShapes.supports(dtype, dim) || F32Tiles.supports(dtype, dim))) {
                return dim;
            }
        }
        return headDim;
    }

    /**
     * A copy of {@code t} (heads x tokens x d) with rows of {@code width} elements, the columns from d on
     * zero; finite where {@code t} was checked finite. The caller closes it.
     */
    static CudaTensor widen(CudaEngine engine, CudaTensor t, int width) {
        Shape shape = t.shape();
        Shape wide = Shape.of(shape.dim(0), shape.dim(1), width);
        DeviceBuffer buffer = resized(engine, t.buffer(), (int) shape.dim(2), width, shape.dim(0) * shape.dim(1),
                t.dtype(), "head dim padding " + wide);
        CudaTensor widened = new CudaTensor(buffer, t.dtype(), wide);
        if (t.checkedFinite()) {
            widened.markCheckedFinite();
        }
        return widened;
    }

    /**
     * The first {@code width} columns of each of {@code rows} rows of {@code padded} (rows of
     * {@code paddedWidth} elements), in a new buffer; the caller closes both.
     */
    static DeviceBuffer narrow(CudaEngine engine, DeviceBuffer padded, int paddedWidth, int width, long rows,
                               DType dtype) {
        return resized(engine, padded, paddedWidth, width, rows, dtype, "attention output of head dim " + width);
    }

    /**
     * {@code rows} rows of {@code srcWidth} elements copied by layout.cu into a new buffer of rows of
     * {@code dstWidth}, the copy finished (the caller may close {@code src} at once).
     */
    private static DeviceBuffer resized(CudaEngine engine, DeviceBuffer src, int srcWidth, int dstWidth, long rows,
                                        DType dtype, String what) {
        CudaContext context = engine.context();
        long elements = rows * dstWidth;
        DeviceBuffer dst = context.allocate(elements * dtype.byteSize(), what);
        try {
            if (elements > 0) {
                long grid = Math.min((elements + THREADS - 1) / THREADS, 8L * context.info().multiprocessors() * 8);
                String kernel = dtype.byteSize() == 2 ? "resize_rows_b16" : "resize_rows_b32";
                engine.layoutKernels().launch(kernel, grid, 1, THREADS, 0,
                        new KernelArgs().ptr(src).i32(srcWidth).ptr(dst).i32(dstWidth).i64(rows));
            }
            context.synchronize();
        } catch (RuntimeException e) {
            dst.close();
            throw e;
        }
        return dst;
    }
}
