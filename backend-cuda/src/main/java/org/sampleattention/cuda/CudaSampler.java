package org.sampleattention.cuda;

import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

import org.sampleattention.AttentionInput;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.MaskGeometry;
import org.sampleattention.plan.SampleBlocks;
import org.sampleattention.plan.ScoreLayout;
import org.sampleattention.spi.Sampler;

/**
 * Query-guided sampling on the device (kernels in sampling.cu, and sampling_sm90a.cu on Hopper, see
 * {@link HopperKernels}; f32 at head dims 64, 96, 128 and 256 on SIMT tiles, {@link F32Tiles}): pass 1 finds
 * each sampled row's softmax maximum and normaliser, pass 2 reduces the exact probabilities into
 * per-block residual column scores and covered masses, which stay on the device for the filter.
 */
final class CudaSampler implements Sampler {
    private static final double LOG2E = 1.4426950408889634;
    /** Warps of sample_mma: 16 sampled rows each in pass 1, 16 keys of a block each in pass 2. */
    private static final int MMA_WARPS = 4;

    private final CudaEngine engine;

    CudaSampler(CudaEngine engine) {
        this.engine = engine;
    }

    @Override
    public ColumnScores sample(AttentionInput input, SampleAttentionConfig config) {
        CudaAttention.checkHeadDim(input);
        return engine.call(() -> run(input, config));
    }

    private ColumnScores run(AttentionInput input, SampleAttentionConfig config) {
        CudaContext context = engine.context();
        int hq = input.qHeads(), nq = input.queryLength(), nk = input.keyLength();
        // the kernels run at d, the caller's head dim padded where that gives them tiles (HeadDimPadding)
        int d = engine.runDim(input.dtype(), input.headDim());
        MaskGeometry geometry = new MaskGeometry(nq, nk, config.windowFor(nk), config.causal());
        SampleBlocks blocks = SampleBlocks.of(nq, config);
        ScoreLayout layout = new ScoreLayout(hq, input.kvHeads(), geometry, blocks);
        int[] tiles = SampleTiles.of(blocks);
        int tileCount = tiles.length / 4, totalRows = blocks.totalRows();
        float scaleLog2 = (float) (config.scaleFor(input.headDim()) * LOG2E);
        KernelModule hopper = engine.hopperSamplingKernels(input.dtype(), d);
        boolean tensorCores = hopper != null || TensorCoreShapes.supports(input.dtype(), d);
        boolean f32Tiles = F32Tiles.supports(input.dtype(), d);
        int chunks = F32Tiles.statisticsChunks(nk);  // of the f32 tiles' pass 1
        CudaColumnScores scores = CudaColumnScores.allocate(engine, layout);
        try (DeviceInputs given = DeviceInputs.of(engine, input, false);
             DeviceInputs in = given.widenedTo(engine, d);
             DeviceBuffer tileBuffer = HostCopies.uploadInts(context, tiles, "sample tiles");
             DeviceBuffer stats = context.allocate(8L * hq * totalRows, "sampled row statistics");
             DeviceBuffer partials = f32Tiles ? context.allocate(8L * hq * totalRows * chunks,
                     "sampled row statistics per key chunk") : null) {
            cuMemsetD32Async(scores.residual.pointer(), 0, scores.residual.bytes() / 4, context.stream());
            cuMemsetD32Async(scores.covered.pointer(), 0, scores.covered.bytes() / 4, context.stream());
            String suffix = DeviceInputs.suffix(input.dtype());
            for (int pass = 1; pass <= 2; pass++) {
                // one argument list: the tensor-core kernels take no tile count, the row-wise ones the head dim
                KernelArgs args = new KernelArgs();
                if (hopper == null) {
                    args.i32(pass);  // the Hopper kernels have one entry point per pass
                }
                args.ptr(in.q.buffer()).ptr(in.k.buffer()).ptr(tileBuffer);
                if (!tensorCores) {
                    args.i32(tileCount);
                }
                args.i32(totalRows).ptr(f32Tiles && pass == 1 ? partials : stats).ptr(scores.residual).ptr(scores.covered).i32(hq)
                        .i32(input.kvHeads()).i32(nq).i32(nk);
                if (!tensorCores && !f32Tiles) {
                    args.i32(d);
                }
                args.i32(geometry.window()).i32(config.causal() ? 1 : 0).i32(blocks.count()).f32(scaleLog2);
                if (hopper != null) {
                    hopper.launch(HopperKernels.samplingKernel(input.dtype(), d, pass), tileCount, hq,
                            HopperKernels.samplingThreads(), HopperKernels.samplingSharedBytes(d), args);
                } else if (tensorCores) {
                    // two stages of keys; pass 2 keeps the Q tile beside them
                    int shared = (pass == 1 ? 2 : 3) * TensorCoreShapes.paddedTileBytes(d);
                    engine.samplingKernels().launch("sample_mma_" + suffix + "_d" + d, tileCount, hq, 32 * MMA_WARPS, shared,
                            args);
                } else if (f32Tiles) {
                    // pass 1: a block per chunk of a tile's keys, threads per row, the chunks then merged;
                    // pass 2: blocks of keys for every tile
                    long grid = pass == 1 ? (long) tileCount * chunks
                            : (long) tileCount * ((nk + F32Tiles.keysPerBlock(d) - 1) / F32Tiles.keysPerBlock(d));
                    engine.samplingKernels().launch(F32Tiles.samplingKernel(d), grid, hq,
                            F32Tiles.samplingThreads(d, pass), F32Tiles.samplingSharedBytes(d, pass), args);
                    if (pass == 1) {
                        long rows = (long) hq * totalRows;
                        engine.samplingKernels().launch("merge_simt_statistics", (rows + 255) / 256, 1, 256, 0,
                                new KernelArgs().ptr(partials).i32(chunks).ptr(stats).i64(rows));
                    }
                } else {
                    engine.samplingKernels().launch("sample_rowwise_" + suffix, (totalRows + 3) / 4, hq, 128, 4 * d * 4,
                            args);
                }
            }
            context.synchronize();
            return scores;
        } catch (RuntimeException e) {
            scores.close();
            throw e;
        }
    }
}
