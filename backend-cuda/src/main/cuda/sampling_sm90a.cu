// Query-guided sampling for Hopper (compute capability 9.0, PTX target sm_90a), launched by
// CudaSampler in place of sampling.cu's mma.sync kernel where the device allows. The same two passes,
// tiles of sampled rows and per-block reductions (sampled_rows.cuh), on wgmma.mma_async, with the
// tile's 64 rows (one warpgroup) and K blocks of 64 keys in shared memory in the swizzled layout of
// hopper.cuh, K double-buffered by cp.async with one barrier per block. Pass 1 computes S = Q K^T and
// folds row statistics; pass 2 computes S^T = K Q^T from the same tiles (both are 64 x D, K-major), so
// that each key's probability mass over the rows is summed within a quad of threads.
#include "hopper.cuh"
#include "sampled_rows.cuh"

#define SAMPLE_ROWS 64  // sampled rows per tile: one warpgroup
#define KEYS 64         // keys per block

template <typename T, int D, int PASS>
__device__ void sampleWgmma(const T* q, const T* k, const int* tiles, int totalRows, float2* stats,
                            float* residual, double* covered, int hq, int hkv, int nq, int nk, int w, int causal,
                            int blocks, float scaleLog2) {
    static_assert(D == 64 || D == 128, "one or two 64-element panels per row");
    static_assert(SAMPLE_ROWS == KEYS, "both tiles are 64 x D, so that either can be wgmma's A or B");
    extern __shared__ unsigned char smemRaw[];
    unsigned char* smem = swizzleAligned(smemRaw);
    T* qs = reinterpret_cast<T*>(smem);
    T* ks = qs + SAMPLE_ROWS * D;  // two stages

    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, gq = lane >> 2, tq = lane & 3;
    int h = blockIdx.y;
    SampledTile tile(tiles, h, hq, hkv, nq, nk, causal);
    int i0 = tile.i0, rows = tile.rows, b = tile.block, r0 = tile.firstRow, pmin = tile.pmin;
    SampledRows<KEYS> sampled;               // pass 1
    SampledKeys<KEYS, SAMPLE_ROWS> sampledT;  // pass 2
    float2* tileStats = stats + (size_t)h * totalRows + r0;
    if (PASS == 1) sampled.init(warp, gq, pmin, rows);
    else sampledT.init(pmin, rows, tq, tileStats);
    int end = tile.keyEnd(PASS, w, causal);
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
        const uint64_t kDesc = stage ? kDesc1 : kDesc0;
        // pass 1: S = Q K^T (rows x keys); pass 2: S^T = K Q^T (keys x rows)
        const uint64_t aDesc = PASS == 1 ? qDesc : kDesc, bDesc = PASS == 1 ? kDesc : qDesc;
        float s[KEYS / 2];
        wgmmaFence();
#pragma unroll
        for (int kk = 0; kk < D / 16; kk++) {
            if (kk == 0) wgmmaSSFirst<T, KEYS>(s, aDesc, bDesc);
            else wgmmaSS<T, KEYS>(s, kMajorStep<SAMPLE_ROWS>(aDesc, kk), kMajorStep<KEYS>(bDesc, kk));
        }
        wgmmaCommit();
        wgmmaWait<0>();

        int first = kb * KEYS;
        bool masked = tile.needsMask<KEYS, SAMPLE_ROWS>(PASS, first, end, w, causal);
        if (PASS == 1) {
            if (masked) sampled.mask(s, first, end, tq, causal);
            sampled.foldStatistics(s, scaleLog2);
        } else {
            if (masked) sampledT.mask(s, first, end, warp, gq, tq, causal, w);
            sampledT.addResidual(s, scaleLog2, first, end, warp, gq, tq, rb);
        }
    }
    if (PASS == 1) {
        sampled.writeStatistics(tileStats, tq);
    } else {
        sampledT.addCovered(covered + (size_t)h * blocks + b, lane);
    }
}

// One entry point per pass, so that each gets its own register allocation (pass 2 holds its rows'
// shifts, pass 1 does not); four CTAs per multiprocessor, as many as the shared memory fits at d = 128
// (pass 2 would take 154 registers unbounded, three CTAs; bounded it takes 128 and spills nothing).
#define SAMPLE_WGMMA(T, TN, D, PASS)                                                                           \
    extern "C" __global__ void __launch_bounds__(128, 4) sample_wgmma_##TN##_d##D##_pass##PASS(                \
        const T* q, const T* k, const int* tiles, int totalRows, float2* stats, float* residual,               \
        double* covered, int hq, int hkv, int nq, int nk, int w, int causal, int blocks, float scaleLog2) {    \
        sampleWgmma<T, D, PASS>(q, k, tiles, totalRows, stats, residual, covered, hq, hkv, nq, nk, w, causal,  \
                                blocks, scaleLog2);                                                            \
    }
#define SAMPLE_WGMMA_PASSES(T, TN, D) SAMPLE_WGMMA(T, TN, D, 1) SAMPLE_WGMMA(T, TN, D, 2)
SAMPLE_WGMMA_PASSES(bf16, bf16, 64)
SAMPLE_WGMMA_PASSES(bf16, bf16, 128)
SAMPLE_WGMMA_PASSES(f16, f16, 64)
SAMPLE_WGMMA_PASSES(f16, f16, 128)
