// Query-guided sampling, launched by CudaSampler. Two passes over the keys each sampled row sees:
// pass 1 finds every row's softmax maximum and normaliser; pass 2 recomputes the scores, turns them
// into exact probabilities and reduces them straight into the block's residual column scores
// R_b[j] (keys outside the row's window) and covered mass C0_b (keys inside it). No probability row
// is ever stored.
//
// Sampled rows are described by tiles of at most 64 consecutive rows of one block:
// tile t = {first query row, row count, block, index of its first row among all sampled rows}.
// Row statistics are (max, normaliser) pairs in the log2 domain, indexed [head][sampled row].
// Residuals are f32 [head][block][Nk] (zeroed before pass 2), covered masses f64 [head][block].
#include "common.cuh"
#include "sampled_rows.cuh"
#include "simt.cuh"

// ---------------------------------------------------------------------------------------------------
// Row-wise kernels: one warp per sampled row, one lane per key; every dtype and head dim.

template <typename T>
__device__ float scoreOf(const float* qs, const T* kRow, int d) {
    float dot = 0.f;
    for (int c = 0; c < d; c++) dot += qs[c] * widen(kRow[c]);
    return dot;
}

template <typename T>
__device__ void sampleRowwise(int pass, const T* q, const T* k, const int* tiles, int tileCount, int totalRows,
                              float2* stats, float* residual, double* covered, int hq, int hkv, int nq, int nk,
                              int d, int w, int causal, int blocks, float scaleLog2) {
    extern __shared__ float qRows[];
    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    int r = blockIdx.x * (blockDim.x >> 5) + warp;  // sampled row index
    int h = blockIdx.y;
    if (r >= totalRows) return;
    int t = 0;  // the tile holding sampled row r (tiles are few: a linear scan is cheap)
    while (t + 1 < tileCount && tiles[4 * (t + 1) + 3] <= r) t++;
    int i = tiles[4 * t] + (r - tiles[4 * t + 3]);
    int b = tiles[4 * t + 2];
    int g = h / (hq / hkv);
    int p = nk - nq + i;
    int end = causal ? p + 1 : nk;
    float* qs = qRows + warp * d;
    const T* qRow = q + ((size_t)h * nq + i) * d;
    for (int c = lane; c < d; c += 32) qs[c] = widen(qRow[c]) * scaleLog2;
    __syncwarp();
    const T* kHead = k + (size_t)g * nk * d;
    size_t statIndex = (size_t)h * totalRows + r;
    if (pass == 1) {
        float m = NEG_INF, l = 0.f;
        for (int j0 = 0; j0 < end; j0 += 32) {
            int j = j0 + lane;
            float s = j < end ? scoreOf(qs, kHead + (size_t)j * d, d) : NEG_INF;
            float mNew = fmaxf(m, warpMax(s));
            l = l * fastExp2(m - mNew) + warpSum(j < end ? fastExp2(s - mNew) : 0.f);
            m = mNew;
        }
        if (lane == 0) stats[statIndex] = make_float2(m, l);
        return;
    }
    float2 st = stats[statIndex];
    float inv = 1.f / st.y;
    float* rb = residual + ((size_t)h * blocks + b) * nk;
    float cov = 0.f;
    for (int j0 = 0; j0 < end; j0 += 32) {
        int j = j0 + lane;
        if (j >= end) continue;
        float pr = fastExp2(scoreOf(qs, kHead + (size_t)j * d, d) - st.x) * inv;
        if (inWindow(j, p, w)) cov += pr;
        else if (pr != 0.f) atomicAdd(rb + j, pr);
    }
    cov = warpSum(cov);
    if (lane == 0) atomicAdd(covered + (size_t)h * blocks + b, (double)cov);
}

#define SAMPLE_ROWWISE(NAME, T)                                                                               \
    extern "C" __global__ void __launch_bounds__(128) NAME(                                                  \
        int pass, const T* q, const T* k, const int* tiles, int tileCount, int totalRows, float2* stats,     \
        float* residual, double* covered, int hq, int hkv, int nq, int nk, int d, int w, int causal,          \
        int blocks, float scaleLog2) {                                                                        \
        sampleRowwise<T>(pass, q, k, tiles, tileCount, totalRows, stats, residual, covered, hq, hkv, nq, nk,  \
                         d, w, causal, blocks, scaleLog2);                                                    \
    }
SAMPLE_ROWWISE(sample_rowwise_f32, float)
SAMPLE_ROWWISE(sample_rowwise_f16, f16)
SAMPLE_ROWWISE(sample_rowwise_bf16, bf16)

// ---------------------------------------------------------------------------------------------------
// f32 tile kernels: SIMT FMAs, the f32 path at head dims 64, 96, 128 and 256 (the row-wise kernel reads
// every key once per sampled row; opencl's tiles ran 14x faster on the H200). Pass 1: SIDES adjacent
// threads per sampled row of a tile, their shares of its query in registers, keys streamed through
// shared memory; a block takes one chunk of the tile's keys, so that the tiles that see the most keys
// do not run alone at the end, and merge_simt_statistics folds the chunks' statistics. Pass 2: SIDES
// threads per key, their shares of its row in registers, against the tile's rows in shared memory: it
// adds its residual mass outside the rows' windows to R_b and the tile's covered mass is its row count
// less what was added, as the tensor-core kernel's. A share is 128 head dims at most: registers for
// more would spill.

#define SIMT_TILE_ROWS 64  // rows of a sampled tile (SampleTiles); pass 1 has SIDES threads per row
#define SIMT_STAT_KEYS 32  // keys per shared-memory tile of pass 1, double buffered
#define SIMT_KEY_THREADS 128  // threads per block of pass 2, SIDES per key

/** Keys per chunk of pass 1 when the keys are cut into {@code chunks}: whole shared-memory tiles. */
__device__ __forceinline__ int statisticsChunkKeys(int nk, int chunks) {
    int keys = (nk + chunks - 1) / chunks;
    return (keys + SIMT_STAT_KEYS - 1) / SIMT_STAT_KEYS * SIMT_STAT_KEYS;
}

template <int D, int SIDES>
__device__ void sampleSimtStatistics(const float* q, const float* k, const int* tiles, int tileCount, int totalRows,
                                     float2* partials, int hq, int hkv, int nq, int nk, int causal, float scaleLog2) {
    constexpr int R4 = D / 4, S4 = R4 / SIDES, TILE4 = SIMT_STAT_KEYS * R4;
    extern __shared__ __align__(16) unsigned char smem[];
    float4* ks = reinterpret_cast<float4*>(smem);  // two stages of [SIMT_STAT_KEYS][R4]
    int h = blockIdx.y;
    int chunks = gridDim.x / tileCount, chunk = blockIdx.x % chunks, order = blockIdx.x / chunks;
    // causal tiles further down see more keys: their chunks start first
    SampledTile tile(tiles, causal ? tileCount - 1 - order : order, h, hq, hkv, nq, nk, causal);
    int r = threadIdx.x / SIDES, share = threadIdx.x % SIDES * S4, row = min(r, tile.rows - 1);
    int chunkKeys = statisticsChunkKeys(nk, chunks);
    int from = chunk * chunkKeys, to = min(tile.end, from + chunkKeys);  // this block's keys: [from, to)
    int visible = causal ? tile.pmin + row + 1 : nk;
    float4 qr[S4];
    loadRow4<S4>(qr, q + ((size_t)h * nq + tile.i0 + row) * D + 4 * share, scaleLog2);
    const float* kHead = k + (size_t)tile.kvHead * nk * D;
    int keyBlocks = max(0, (to - from + SIMT_STAT_KEYS - 1) / SIMT_STAT_KEYS);
    auto issue = [&](int kb, int stage) {
        int k0 = from + kb * SIMT_STAT_KEYS;
        int valid = min(SIMT_STAT_KEYS, to - k0);
        copyRows4<D, SIMT_STAT_KEYS>(ks + stage * TILE4, kHead + (size_t)k0 * D, valid);
        cpAsyncCommit();
    };
    if (keyBlocks > 0) issue(0, 0);
    float m = NEG_INF, l = 0.f;
    for (int kb = 0; kb < keyBlocks; kb++) {
        awaitBlock(kb, keyBlocks, issue);
        __syncthreads();
        const float4* kt = ks + (kb & 1) * TILE4;
        int k0 = from + kb * SIMT_STAT_KEYS, valid = min(SIMT_STAT_KEYS, to - k0);
        // the tile's own shift and sum, merged into the row's afterwards: rounding grows with the tiles
        float tileMax = NEG_INF, tileSum = 0.f;
        int seen = min(valid, visible - k0);
        for (int t = 0; t < seen; t++) {
            float s = sidesSum<SIDES>(dot4<S4>(qr, kt + t * R4 + share));
            if (s > tileMax) {
                tileSum = tileSum * fastExp2(tileMax - s) + 1.f;
                tileMax = s;
            } else {
                tileSum += fastExp2(s - tileMax);
            }
        }
        foldStatistics(m, l, tileMax, tileSum);
        __syncthreads();  // this stage is refilled by the next block's issue
    }
    // a chunk past the tile's keys leaves its rows no keys: (-inf, 0), which the merge passes over
    if (r < tile.rows && share == 0)
        partials[((size_t)h * totalRows + tile.firstRow + r) * chunks + chunk] = make_float2(m, l);
}

/** Each sampled row's statistics (shift, sum; log2 domain) from its chunks' partials, in chunk order. */
extern "C" __global__ void merge_simt_statistics(const float2* partials, int chunks, float2* stats, long long rows) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < rows; i += (long long)gridDim.x * blockDim.x) {
        float m = NEG_INF, l = 0.f;
        for (int c = 0; c < chunks; c++) {
            float2 part = partials[i * chunks + c];
            foldStatistics(m, l, part.x, part.y);
        }
        stats[i] = make_float2(m, l);
    }
}

template <int D, int SIDES>
__device__ void sampleSimtResiduals(const float* q, const float* k, const int* tiles, int tileCount,
                                    const float2* stats, int totalRows, float* residual, double* covered, int hq,
                                    int hkv, int nq, int nk, int w, int causal, int blocks, float scaleLog2) {
    constexpr int R4 = D / 4, S4 = R4 / SIDES, KEYS = SIMT_KEY_THREADS / SIDES;
    extern __shared__ __align__(16) unsigned char smem[];
    float4* qs = reinterpret_cast<float4*>(smem);  // [SIMT_TILE_ROWS][R4], unscaled
    float* shift = reinterpret_cast<float*>(qs + SIMT_TILE_ROWS * R4);
    float* invSum = shift + SIMT_TILE_ROWS;
    double* warpSums = reinterpret_cast<double*>(invSum + SIMT_TILE_ROWS);
    int h = blockIdx.y;
    int chunks = gridDim.x / tileCount;
    SampledTile tile(tiles, blockIdx.x / chunks, h, hq, hkv, nq, nk, causal);
    int i0 = tile.i0, rows = tile.rows, b = tile.block, pmin = tile.pmin;
    int visitEnd = tile.keyEnd(2, w, causal);  // keys outside some row's window
    double* blockCovered = covered + (size_t)h * blocks + b;
    int j0 = (blockIdx.x % chunks) * KEYS;
    if (j0 == 0 && threadIdx.x == 0) atomicAdd(blockCovered, (double)rows);  // each row's mass is 1
    if (j0 >= visitEnd) return;
    int j = j0 + threadIdx.x / SIDES, share = threadIdx.x % SIDES * S4;
    bool active = j < visitEnd;
    float4 kr[S4];
    loadRow4<S4>(kr, k + ((size_t)tile.kvHead * nk + (active ? j : j0)) * D + 4 * share, 1.f);
    loadRows4<D, SIMT_TILE_ROWS>(qs, q + ((size_t)h * nq + i0) * D, rows);
    for (int r = threadIdx.x; r < rows; r += blockDim.x) {
        float2 st = stats[(size_t)h * totalRows + tile.firstRow + r];
        shift[r] = st.x;
        invSum[r] = 1.f / st.y;
    }
    __syncthreads();
    float res = 0.f;
    if (active) {
        for (int r = 0; r < rows; r++) {
            int p = pmin + r;
            if ((causal && j > p) || inWindow(j, p, w)) continue;
            // the tile's rows are staged unscaled: the score is scaled instead
            float dot = sidesSum<SIDES>(dot4<S4>(kr, qs + r * R4 + share));
            res += fastExp2(fmaf(dot, scaleLog2, -shift[r])) * invSum[r];
        }
        if (res != 0.f && share == 0) atomicAdd(residual + ((size_t)h * blocks + b) * nk + j, res);
    }
    float warpTotal = warpSum(share == 0 ? res : 0.f);  // each key's mass once
    if ((threadIdx.x & 31) == 0) warpSums[threadIdx.x >> 5] = warpTotal;
    __syncthreads();
    if (threadIdx.x == 0) {
        double total = 0.0;
        for (int x = 0; x < SIMT_KEY_THREADS / 32; x++) total += warpSums[x];
        atomicAdd(blockCovered, -total);
    }
}

#define SAMPLE_SIMT(D, SIDES)                                                                                 \
    extern "C" __global__ void __launch_bounds__(SIMT_KEY_THREADS) sample_simt_f32_d##D(                     \
        int pass, const float* q, const float* k, const int* tiles, int tileCount, int totalRows,             \
        float2* stats, float* residual, double* covered, int hq, int hkv, int nq, int nk, int w, int causal,  \
        int blocks, float scaleLog2) {                                                                        \
        if (pass == 1) {                                                                                      \
            sampleSimtStatistics<D, SIDES>(q, k, tiles, tileCount, totalRows, stats, hq, hkv, nq, nk, causal,  \
                                           scaleLog2);                                                        \
        } else {                                                                                              \
            sampleSimtResiduals<D, SIDES>(q, k, tiles, tileCount, stats, totalRows, residual, covered, hq, hkv, \
                                          nq, nk, w, causal, blocks, scaleLog2);                              \
        }                                                                                                     \
    }
// Pass 1 writes each row's chunk statistics to stats (CudaSampler passes the partials' buffer there),
// pass 2 reads the merged ones. F32Tiles mirrors the sides; SIDES * SIMT_TILE_ROWS <= SIMT_KEY_THREADS,
// the launch bound of both passes.
SAMPLE_SIMT(64, 1)
SAMPLE_SIMT(96, 1)
SAMPLE_SIMT(128, 1)
SAMPLE_SIMT(256, 2)

// ---------------------------------------------------------------------------------------------------
// Tensor-core kernels: one CTA per tile of 64 sampled rows, key blocks of 64 double-buffered through
// cp.async, on mma.sync. Pass 1 computes S = Q K^T, a warp's 16 rows against the block (Q fragments
// in registers), and folds row statistics. Pass 2 computes S^T = K Q^T, a warp's 16 keys against the
// tile's 64 rows (Q in shared memory for the whole pass), so that each key's probability mass over the
// rows is summed within a quad of threads and added to R_b (sampled_rows.cuh's SampledKeys, as the
// Hopper kernel's pass 2).

#define TILE_M 64
#define TILE_N 64

template <typename T, int D, int WARPS>
__device__ void sampleMma(int pass, const T* q, const T* k, const int* tiles, int totalRows, float2* stats,
                          float* residual, double* covered, int hq, int hkv, int nq, int nk, int w, int causal,
                          int blocks, float scaleLog2) {
    static_assert(16 * WARPS == TILE_M && TILE_M == TILE_N, "a warp takes 16 of the tile's rows, or of a block's keys");
    constexpr int STRIDE = D + 8;
    constexpr int TILE = TILE_N * STRIDE;
    constexpr int CHUNKS = D / 8;
    extern __shared__ __align__(16) unsigned char smem[];
    // two stages of keys; pass 1 stages the Q tile in the first before the key loop, pass 2 keeps it
    // after them (CudaSampler sizes the shared memory per pass)
    T* ks = reinterpret_cast<T*>(smem);

    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    int gq = lane >> 2, tq = lane & 3;
    int h = blockIdx.y;
    SampledTile tile(tiles, h, hq, hkv, nq, nk, causal);
    int i0 = tile.i0, rows = tile.rows, b = tile.block, r0 = tile.firstRow, pmin = tile.pmin;
    float2* tileStats = stats + (size_t)h * totalRows + r0;
    int end = tile.keyEnd(pass, w, causal);
    int keyBlocks = (end + TILE_N - 1) / TILE_N;
    const T* kHead = k + (size_t)tile.kvHead * nk * D;
    const T* qTile = q + ((size_t)h * nq + i0) * D;
    auto copyRows = [&](T* dst, const T* src, int valid) {
        for (int c = threadIdx.x; c < TILE_N * CHUNKS; c += blockDim.x) {
            int r = c / CHUNKS, col = (c % CHUNKS) * 8;
            bool ok = r < valid;
            cpAsync16(dst + r * STRIDE + col, ok ? src + (size_t)r * D + col : src, ok);
        }
    };
    auto issue = [&](int kb, int stage) {
        int first = kb * TILE_N;
        copyRows(ks + stage * TILE, kHead + (size_t)first * D, min(TILE_N, end - first));
        cpAsyncCommit();
    };
    // s = A B^T over the head dim, in the m16n8 accumulator layout: this warp's 16 rows of A (fragment
    // kk from fragmentA) against the 64 rows of the tile b
    auto product = [&](float* s, const T* b, auto&& fragmentA) {
#pragma unroll
        for (int i = 0; i < TILE_N / 2; i++) s[i] = 0.f;
#pragma unroll
        for (int kk = 0; kk < D / 16; kk++) {
            uint32_t a[4];
            fragmentA(a, kk);
#pragma unroll
            for (int n = 0; n < TILE_N / 8; n += 2) {
                uint32_t bfrag[4];
                loadFragmentsB<STRIDE>(bfrag, b, n * 8, kk);
                mma16816<T>(s + 4 * n, a, bfrag[0], bfrag[1]);
                mma16816<T>(s + 4 * n + 4, a, bfrag[2], bfrag[3]);
            }
        }
    };

    if (pass == 1) {
        SampledRows<TILE_N> sampled;
        sampled.init(warp, gq, pmin, rows);
        uint32_t qa[D / 16][4];
        copyRows(ks, qTile, rows);
        cpAsyncCommit();
        cpAsyncWait<0>();
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < D / 16; kk++)
            loadFragmentA<STRIDE>(qa[kk], ks, warp * 16, kk);
        __syncthreads();  // the staging area becomes key stage 0
        issue(0, 0);
        for (int kb = 0; kb < keyBlocks; kb++) {
            awaitBlock(kb, keyBlocks, issue);
            __syncthreads();
            float s[TILE_N / 2];  // s[4n + e]: rows of this warp against keys 8n..8n+7
            product(s, ks + (kb & 1) * TILE, [&](uint32_t* a, int kk) {
#pragma unroll
                for (int x = 0; x < 4; x++) a[x] = qa[kk][x];
            });
            int first = kb * TILE_N;
            if (tile.needsMask<TILE_N, TILE_M>(pass, first, end, w, causal)) sampled.mask(s, first, end, tq, causal);
            sampled.foldStatistics(s, scaleLog2);
            __syncthreads();
        }
        sampled.writeStatistics(tileStats, tq);
        return;
    }

    SampledKeys<TILE_N, TILE_M> sampledT;
    sampledT.init(pmin, rows, tq, tileStats);
    T* qs = ks + 2 * TILE;
    copyRows(qs, qTile, rows);  // in block 0's copy group
    issue(0, 0);
    float* rb = residual + ((size_t)h * blocks + b) * nk;
    for (int kb = 0; kb < keyBlocks; kb++) {
        awaitBlock(kb, keyBlocks, issue);
        __syncthreads();
        const T* kt = ks + (kb & 1) * TILE;
        float s[TILE_M / 2];  // s[4n + e]: this warp's 16 keys against rows 8n..8n+7
        product(s, qs, [&](uint32_t* a, int kk) { loadFragmentA<STRIDE>(a, kt, warp * 16, kk); });
        int first = kb * TILE_N;
        if (tile.needsMask<TILE_N, TILE_M>(pass, first, end, w, causal)) sampledT.mask(s, first, end, warp, gq, tq, causal, w);
        sampledT.addResidual(s, scaleLog2, first, end, warp, gq, tq, rb);
        __syncthreads();
    }
    sampledT.addCovered(covered + (size_t)h * blocks + b, lane);
}

// Four warps of one m16 tile each: two warps of two tiles (each K fragment feeding two mma) measured
// slower end to end, 58.3 against 53.6 ms of sampling (H200, bf16, d = 128, 128K, 32 heads), before
// the Q fragments moved into registers.
#define SAMPLE_MMA(T, TN, D, WARPS, PREFIX)                                                               \
    extern "C" __global__ void __launch_bounds__(32 * WARPS) PREFIX##_##TN##_d##D(                         \
        int pass, const T* q, const T* k, const int* tiles, int totalRows, float2* stats, float* residual,    \
        double* covered, int hq, int hkv, int nq, int nk, int w, int causal, int blocks, float scaleLog2) {   \
        sampleMma<T, D, WARPS>(pass, q, k, tiles, totalRows, stats, residual, covered, hq, hkv, nq, nk,       \
                               w, causal, blocks, scaleLog2);                                                 \
    }
SAMPLE_MMA(f16, f16, 64, 4, sample_mma)
SAMPLE_MMA(f16, f16, 96, 4, sample_mma)
SAMPLE_MMA(f16, f16, 128, 4, sample_mma)
SAMPLE_MMA(f16, f16, 256, 4, sample_mma)
SAMPLE_MMA(bf16, bf16, 64, 4, sample_mma)
SAMPLE_MMA(bf16, bf16, 96, 4, sample_mma)
SAMPLE_MMA(bf16, bf16, 128, 4, sample_mma)
SAMPLE_MMA(bf16, bf16, 256, 4, sample_mma)
