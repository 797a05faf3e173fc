// Query-guided sampling for Hopper (compute capability 9.0, PTX target sm_90a), launched by
// CudaSampler in place of sampling.cu's mma.sync kernel where the device allows. The same two passes,
// tiles of sampled rows and per-block reductions (sampled_rows.cuh); S = Q K^T runs on
// wgmma.mma_async, with the tile's 64 rows (one warpgroup) and K blocks of 64 keys in shared memory in
// the swizzled layout of hopper.cuh, K double-buffered by cp.async with one barrier per block (the
// column partials of pass 2 double-buffered too, each block's added while the next one computes).
#include "hopper.cuh"
#include "sampled_rows.cuh"

#define SAMPLE_ROWS 64  // sampled rows per tile: one warpgroup
#define KEYS 64         // keys per block

template <typename T, int D>
__device__ void sampleWgmma(int pass, const T* q, const T* k, const int* tiles, int totalRows, float2* stats,
                            float* residual, double* covered, int hq, int hkv, int nq, int nk, int w, int causal,
                            int blocks, float scaleLog2) {
    static_assert(D == 64 || D == 128, "one or two 64-element panels per row");
    constexpr int WARPS = 4;
    extern __shared__ unsigned char smemRaw[];
    unsigned char* smem = swizzleAligned(smemRaw);
    T* qs = reinterpret_cast<T*>(smem);
    T* ks = qs + SAMPLE_ROWS * D;  // two stages
    float* columnPart = reinterpret_cast<float*>(ks + 2 * KEYS * D);  // two stages of [WARPS][KEYS] column sums

    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, gq = lane >> 2, tq = lane & 3;
    int h = blockIdx.y;
    SampledTile tile(tiles, h, hq, hkv, nq, nk, causal);
    int i0 = tile.i0, rows = tile.rows, b = tile.block, r0 = tile.firstRow, pmin = tile.pmin;
    SampledRows<KEYS> sampled;
    float2* tileStats = stats + (size_t)h * totalRows + r0;
    sampled.init(pass, warp, gq, pmin, rows, tileStats);
    int end = sampled.keyEnd(pass, tile.end, w, causal);
    int keyBlocks = (end + KEYS - 1) / KEYS;
    const T* kHead = k + (size_t)tile.kvHead * nk * D;

    const SwizzledCopy<T, D, SAMPLE_ROWS, 128> copyRows;
    const SwizzledCopy<T, D, KEYS, 128> copyKeys;
    copyRows(qs, q + ((size_t)h * nq + i0) * D, rows);
    auto issue = [&](int kb, int stage) {
        int first = kb * KEYS;
        copyKeys(ks + stage * KEYS * D, kHead + (size_t)first * D, min(KEYS, end - first));
        cpAsyncCommit();
    };
    issue(0, 0);  // in the same group as the Q tile (an empty block when pass 2 has no keys)
    const uint64_t qDesc = kMajor(qs);
    const uint64_t kDesc0 = kMajor(ks), kDesc1 = kMajor(ks + KEYS * D);

    float* rb = residual + ((size_t)h * blocks + b) * nk;

    for (int kb = 0; kb < keyBlocks; kb++) {
        int stage = kb & 1;
        startBlock(kb, keyBlocks, issue);
        // pass 2: the previous block's column partials are complete now (written before the barrier)
        if (pass == 2 && kb > 0) sampled.addColumnPartials<WARPS>(columnPart + (stage ^ 1) * WARPS * KEYS, (kb - 1) * KEYS, end, rb);
        const uint64_t kDesc = stage ? kDesc1 : kDesc0;
        float s[KEYS / 2];
        wgmmaFence();
#pragma unroll
        for (int kk = 0; kk < D / 16; kk++) {
            if (kk == 0) wgmmaSSFirst<T, KEYS>(s, qDesc, kDesc);
            else wgmmaSS<T, KEYS>(s, kMajorStep<SAMPLE_ROWS>(qDesc, kk), kMajorStep<KEYS>(kDesc, kk));
        }
        wgmmaCommit();
        wgmmaWait<0>();

        int first = kb * KEYS;
        if (sampled.needsMask(pass, first, end, w, causal)) sampled.mask(s, first, end, tq, causal, pass == 2, w);
        if (pass == 1) {
            sampled.foldStatistics(s, scaleLog2);
        } else {
            sampled.reduceColumns(s, scaleLog2, tq, gq, warp, columnPart + stage * WARPS * KEYS);
        }
    }
    if (pass == 1) {
        sampled.writeStatistics(tileStats, tq);
    } else {
        if (keyBlocks > 0) {
            __syncthreads();
            sampled.addColumnPartials<WARPS>(columnPart + ((keyBlocks - 1) & 1) * WARPS * KEYS, (keyBlocks - 1) * KEYS, end, rb);
        }
        sampled.addCovered(covered + (size_t)h * blocks + b, lane);
    }
}

#define SAMPLE_WGMMA(T, TN, D)                                                                                 \
    extern "C" __global__ void __launch_bounds__(128) sample_wgmma_##TN##_d##D(                               \
        int pass, const T* q, const T* k, const int* tiles, int totalRows, float2* stats, float* residual,     \
        double* covered, int hq, int hkv, int nq, int nk, int w, int causal, int blocks, float scaleLog2) {    \
        sampleWgmma<T, D>(pass, q, k, tiles, totalRows, stats, residual, covered, hq, hkv, nq, nk, w, causal,  \
                          blocks, scaleLog2);                                                                  \
    }
SAMPLE_WGMMA(bf16, bf16, 64)
SAMPLE_WGMMA(bf16, bf16, 128)
SAMPLE_WGMMA(f16, f16, 64)
SAMPLE_WGMMA(f16, f16, 128)
