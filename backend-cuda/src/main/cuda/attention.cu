// Dense and plan-masked (sparse) attention, launched by CudaAttention.
//
// A query tile visits two key sources, each key once: (A) the head's selected columns, gathered once
// into contiguous buffers (kg, vg) in ascending key order, and (B) a contiguous range of the original
// keys: the window (p - w, p] of the tile's rows for a sparse head, every visible key for a dense one.
// Masks are evaluated only for key blocks that straddle a boundary (window edge, diagonal, tail).
//
// colOffset == nullptr means a dense call; colCount[h] < 0 marks a head the plan runs dense.
#include "common.cuh"
#include "key_sources.cuh"
#include "simt.cuh"

// ---------------------------------------------------------------------------------------------------
// Row-wise kernel: one warp per query row, one lane per key. Any head dim up to 512 and every dtype;
// the f32 path, and the fallback for head dims the tensor-core kernel is not built for.

#define ROW_MAX_DIM 512

template <typename T>
__device__ void attentionRowwise(const T* q, const T* k, const T* v, T* out, const T* kg, const T* vg,
                                 const int* cols, const int* colOffset, const int* colCount, int hq, int hkv,
                                 int nq, int nk, int d, int w, int causal, float scaleLog2) {
    extern __shared__ float qRows[];
    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    int i = blockIdx.x * (blockDim.x >> 5) + warp;
    int h = blockIdx.y;
    if (i >= nq) return;
    int g = h / (hq / hkv);
    int p = nk - nq + i;
    float* qs = qRows + warp * d;
    const T* qRow = q + ((size_t)h * nq + i) * d;
    for (int c = lane; c < d; c += 32) qs[c] = widen(qRow[c]) * scaleLog2;
    __syncwarp();

    KeySources src = keySources(cols, colOffset, colCount, h, nk, p, p, w, causal);
    if (src.sparse) src.columnCount = colCount[h];  // masked per key below, also when non-causal
    float acc[ROW_MAX_DIM / 32];
#pragma unroll
    for (int t = 0; t < ROW_MAX_DIM / 32; t++) acc[t] = 0.f;
    float m = NEG_INF, l = 0.f;
    const T* kHead = k + (size_t)g * nk * d;
    const T* vHead = v + (size_t)g * nk * d;
    int total = src.columnCount + (src.hi - src.lo);
    for (int t0 = 0; t0 < total; t0 += 32) {
        int t = t0 + lane;
        bool valid = t < total;
        const T* kRow = kHead;
        const T* vRow = vHead;
        if (valid && t < src.columnCount) {
            int j = cols[src.columnBase + t];
            valid = columnVisible(j, p, w, causal);
            kRow = kg + (size_t)(src.columnBase + t) * d;
            vRow = vg + (size_t)(src.columnBase + t) * d;
        } else if (valid) {
            int j = src.lo + (t - src.columnCount);
            valid = rangeVisible(j, p, w, causal, src.sparse);
            kRow = kHead + (size_t)j * d;
            vRow = vHead + (size_t)j * d;
        }
        float s = NEG_INF;
        if (valid) {
            float dot = 0.f;
            for (int c = 0; c < d; c++) dot += qs[c] * widen(kRow[c]);
            s = dot;
        }
        float mNew = fmaxf(m, warpMax(s));
        float base = mNew == NEG_INF ? 0.f : mNew;
        float corr = fastExp2(m - base);
        float pr = valid ? fastExp2(s - base) : 0.f;
        l = l * corr + warpSum(pr);
        m = mNew;
#pragma unroll
        for (int u = 0; u < ROW_MAX_DIM / 32; u++) acc[u] *= corr;
        for (int sLane = 0; sLane < 32; sLane++) {
            float pj = __shfl_sync(0xffffffffu, pr, sLane);
            if (pj == 0.f) continue;
            const T* vj = reinterpret_cast<const T*>(__shfl_sync(0xffffffffu, reinterpret_cast<uintptr_t>(vRow), sLane));
#pragma unroll
            for (int u = 0; u < ROW_MAX_DIM / 32; u++) {
                int c = lane + 32 * u;
                if (c < d) acc[u] += pj * widen(vj[c]);
            }
        }
    }
    T* oRow = out + ((size_t)h * nq + i) * d;
    float inv = 1.f / l;
#pragma unroll
    for (int u = 0; u < ROW_MAX_DIM / 32; u++) {
        int c = lane + 32 * u;
        if (c < d) oRow[c] = narrow<T>(acc[u] * inv);
    }
}

#define ROWWISE(NAME, T)                                                                                      \
    extern "C" __global__ void __launch_bounds__(128) NAME(                                                  \
        const T* q, const T* k, const T* v, T* out, const T* kg, const T* vg, const int* cols,                \
        const int* colOffset, const int* colCount, int hq, int hkv, int nq, int nk, int d, int w, int causal, \
        float scaleLog2) {                                                                                    \
        attentionRowwise<T>(q, k, v, out, kg, vg, cols, colOffset, colCount, hq, hkv, nq, nk, d, w, causal,    \
                            scaleLog2);                                                                       \
    }
ROWWISE(attention_rowwise_f32, float)
ROWWISE(attention_rowwise_f16, f16)
ROWWISE(attention_rowwise_bf16, bf16)

// ---------------------------------------------------------------------------------------------------
// f32 tile kernel: SIMT FMAs, the f32 path at head dims 64, 96, 128 and 256 (the row-wise kernel above
// reads every key once per query row and ran 17x slower than opencl's tiles on the H200). A block takes
// SIMT_ROWS consecutive query rows with SIDES threads per row (64 head dims each at most), each holding
// its share of the row's query and accumulator in registers; keys and values stream through shared
// memory KEYS at a time, double buffered through cp.async, the shares' partial dot products meeting in
// shared memory. Key sources and masks as the tensor-core kernel.

#define SIMT_ROWS 64

template <int D, int SIDES, int KEYS>
__device__ void attentionSimt(const float* q, const float* k, const float* v, float* out, const float* kg,
                              const float* vg, const int* cols, const int* colOffset, const int* colCount, int hq,
                              int hkv, int nq, int nk, int w, int causal, float scaleLog2) {
    constexpr int R4 = D / 4, H4 = R4 / SIDES;
    constexpr int TILE4 = KEYS * R4;
    extern __shared__ __align__(16) unsigned char smem[];
    float4* ks = reinterpret_cast<float4*>(smem);                     // two stages
    float4* vs = ks + 2 * TILE4;                                       // two stages
    float* partial = reinterpret_cast<float*>(vs + 2 * TILE4);         // [SIDES][KEYS][SIMT_ROWS]
    int* colStages = reinterpret_cast<int*>(partial + SIDES * KEYS * SIMT_ROWS);  // two stages

    int r = threadIdx.x % SIMT_ROWS, side = threadIdx.x / SIMT_ROWS, half = side * H4;
    QueryTileKeys<KEYS> tile(SIMT_ROWS, cols, colOffset, colCount, hq, hkv, nq, nk, w, causal);
    const KeySources& src = tile.src;
    int h = tile.h, i0 = tile.i0, rows = tile.rows, g = tile.g, pmin = tile.pmin, pmax = tile.pmax;
    int blocksA = tile.blocksA, blocks = tile.blocks;
    int row = min(r, rows - 1), p = pmin + row;

    float4 qh[H4], acc[H4];
    loadRow4<H4>(qh, q + ((size_t)h * nq + i0 + row) * D + 4 * half, scaleLog2);
#pragma unroll
    for (int u = 0; u < H4; u++) acc[u] = make_float4(0.f, 0.f, 0.f, 0.f);
    float m = NEG_INF, l = 0.f;

    auto issue = [&](int b, int stage) {
        if (b < blocksA) {
            int first = b * KEYS, valid = min(KEYS, src.columnCount - first);
            size_t at = (size_t)src.columnBase + first;
            copyRows4<D, KEYS>(ks + stage * TILE4, kg + at * D, valid);
            copyRows4<D, KEYS>(vs + stage * TILE4, vg + at * D, valid);
            if (threadIdx.x < KEYS)
                colStages[stage * KEYS + threadIdx.x] = threadIdx.x < valid ? cols[at + threadIdx.x] : 0;
        } else {
            int first = src.lo + (b - blocksA) * KEYS, valid = min(KEYS, src.hi - first);
            copyRows4<D, KEYS>(ks + stage * TILE4, k + ((size_t)g * nk + first) * D, valid);
            copyRows4<D, KEYS>(vs + stage * TILE4, v + ((size_t)g * nk + first) * D, valid);
        }
        cpAsyncCommit();
    };
    if (blocks > 0) issue(0, 0);

    for (int b = 0; b < blocks; b++) {
        int stage = b & 1;
        awaitBlock(b, blocks, issue);
        __syncthreads();
        const float4* kt = ks + stage * TILE4;
        const float4* vt = vs + stage * TILE4;
        const int* colS = colStages + stage * KEYS;
        KeyBlock kb = keyBlock(src, b, blocksA, KEYS, colS, pmin, pmax, w, causal);

        // this share's partial dot products, then the row's scores (log2 domain), masked
#pragma unroll 4
        for (int t = 0; t < KEYS; t++)
            partial[(side * KEYS + t) * SIMT_ROWS + r] = dot4<H4>(qh, kt + t * R4 + half);
        __syncthreads();
        float s[KEYS];
        float tileMax = NEG_INF;
#pragma unroll
        for (int t = 0; t < KEYS; t++) {
            bool ok = kb.needMask ? keyAccepted(kb, src, colS, t, p, w, causal) : true;
            float dot = partial[t * SIMT_ROWS + r];
#pragma unroll
            for (int x = 1; x < SIDES; x++) dot += partial[(x * KEYS + t) * SIMT_ROWS + r];
            s[t] = ok ? dot : NEG_INF;
            tileMax = fmaxf(tileMax, s[t]);
        }
        if (tileMax != NEG_INF) {
            float mNew = fmaxf(m, tileMax);
            float corr = fastExp2(m - mNew);
            // the tile summed on its own, then added: rounding grows with the tiles, not the keys
            float tileSum = 0.f;
#pragma unroll
            for (int t = 0; t < KEYS; t++) {
                s[t] = fastExp2(s[t] - mNew);
                tileSum += s[t];
            }
#pragma unroll
            for (int u = 0; u < H4; u++) {
                float4 a = make_float4(0.f, 0.f, 0.f, 0.f);
#pragma unroll
                for (int t = 0; t < KEYS; t++) a = fma4(s[t], vt[t * R4 + half + u], a);
                acc[u] = make_float4(fmaf(acc[u].x, corr, a.x), fmaf(acc[u].y, corr, a.y), fmaf(acc[u].z, corr, a.z),
                                     fmaf(acc[u].w, corr, a.w));
            }
            m = mNew;
            l = fmaf(l, corr, tileSum);
        }
        __syncthreads();  // this stage is refilled by the next block's issue
    }

    if (r < rows) {
        float inv = 1.f / l;
        float4* oRow = reinterpret_cast<float4*>(out + ((size_t)h * nq + i0 + r) * D) + half;
#pragma unroll
        for (int u = 0; u < H4; u++) oRow[u] = make_float4(acc[u].x * inv, acc[u].y * inv, acc[u].z * inv, acc[u].w * inv);
    }
}

#define SIMT(D, SIDES, KEYS)                                                                                  \
    extern "C" __global__ void __launch_bounds__(SIDES * SIMT_ROWS) attention_simt_f32_d##D(                  \
        const float* q, const float* k, const float* v, float* out, const float* kg, const float* vg,          \
        const int* cols, const int* colOffset, const int* colCount, int hq, int hkv, int nq, int nk, int w,    \
        int causal, float scaleLog2) {                                                                        \
        attentionSimt<D, SIDES, KEYS>(q, k, v, out, kg, vg, cols, colOffset, colCount, hq, hkv, nq, nk, w,    \
                                      causal, scaleLog2);                                                     \
    }
// F32Tiles mirrors the sides and keys. Two sides hold 32 of a row's float4s of query and accumulator up
// to d = 128; d = 256 takes four, and keys of 16 keep its two K/V stages within 100 KiB of shared memory
// (what compute capability 8.6 and 8.9 allow a block), as those of d = 128 are.
SIMT(64, 2, 32)
SIMT(96, 2, 32)
SIMT(128, 2, 32)
SIMT(256, 4, 16)

// ---------------------------------------------------------------------------------------------------
// Tensor-core kernel (FlashAttention-2 style): WARPS warps of 16 query rows each, key blocks of 64
// double-buffered through cp.async, S = Q K^T and O += P V on mma.sync m16n8k16 with f32 accumulators,
// online softmax in registers. f16 / bf16, head dims that are multiples of 16.

#define TILE_N 64

template <int D> struct TileLayout {
    static constexpr int STRIDE = D + 8;  // 16 bytes of padding per row: conflict-free fragment loads
    static constexpr int TILE = TILE_N * STRIDE;
};

/** Loads 64 rows of D elements (rows >= valid are zero-filled) into a padded shared-memory tile. */
template <typename T, int D>
__device__ __forceinline__ void loadTile(T* dst, const T* src, int valid) {
    constexpr int CHUNKS = D / 8;  // 16-byte chunks per row
    for (int c = threadIdx.x; c < TILE_N * CHUNKS; c += blockDim.x) {
        int r = c / CHUNKS, col = (c % CHUNKS) * 8;
        bool ok = r < valid;
        cpAsync16(dst + r * TileLayout<D>::STRIDE + col, ok ? src + (size_t)r * D + col : src, ok);
    }
}

template <typename T, int D, int WARPS, int MT>
__device__ void attentionMma(const T* q, const T* k, const T* v, T* out, const T* kg, const T* vg,
                             const int* cols, const int* colOffset, const int* colCount, int hq, int hkv, int nq,
                             int nk, int w, int causal, float scaleLog2) {
    constexpr int STRIDE = TileLayout<D>::STRIDE;
    constexpr int TILE_M = 16 * MT * WARPS;  // each warp owns MT m16 tiles, so K/V fragments feed MT mma each
    extern __shared__ __align__(16) unsigned char smem[];
    T* qs = reinterpret_cast<T*>(smem);
    T* ks = qs + TILE_M * STRIDE;               // two stages
    T* vs = ks + 2 * TileLayout<D>::TILE;        // two stages
    int* colS = reinterpret_cast<int*>(vs + 2 * TileLayout<D>::TILE);  // two stages of 64 key indices

    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    int gq = lane >> 2, tq = lane & 3;
    QueryTileKeys<TILE_N> tile(TILE_M, cols, colOffset, colCount, hq, hkv, nq, nk, w, causal);
    const KeySources& src = tile.src;
    int h = tile.h, i0 = tile.i0, rows = tile.rows, g = tile.g, pmin = tile.pmin, pmax = tile.pmax;
    int blocksA = tile.blocksA, blocks = tile.blocks;
    const T* kHead = k + (size_t)g * nk * D;
    const T* vHead = v + (size_t)g * nk * D;

    // Q tile, then the first key block
    {
        const T* qTile = q + ((size_t)h * nq + i0) * D;
        constexpr int CHUNKS = D / 8;
        for (int c = threadIdx.x; c < TILE_M * CHUNKS; c += blockDim.x) {
            int r = c / CHUNKS, col = (c % CHUNKS) * 8;
            bool ok = r < rows;
            cpAsync16(qs + r * STRIDE + col, ok ? qTile + (size_t)r * D + col : qTile, ok);
        }
    }
    auto issue = [&](int b, int stage) {
        if (b < blocksA) {
            int first = b * TILE_N, valid = min(TILE_N, src.columnCount - first);
            size_t row = (size_t)src.columnBase + first;
            loadTile<T, D>(ks + stage * TileLayout<D>::TILE, kg + row * D, valid);
            loadTile<T, D>(vs + stage * TileLayout<D>::TILE, vg + row * D, valid);
            if (threadIdx.x < TILE_N) colS[stage * TILE_N + threadIdx.x] = threadIdx.x < valid ? cols[row + threadIdx.x] : 0;
        } else {
            int first = src.lo + (b - blocksA) * TILE_N, valid = min(TILE_N, src.hi - first);
            loadTile<T, D>(ks + stage * TileLayout<D>::TILE, kHead + (size_t)first * D, valid);
            loadTile<T, D>(vs + stage * TileLayout<D>::TILE, vHead + (size_t)first * D, valid);
        }
        cpAsyncCommit();
    };
    if (blocks > 0) issue(0, 0); else cpAsyncCommit();

    float o[MT][D / 8][4];
#pragma unroll
    for (int t = 0; t < MT; t++)
#pragma unroll
        for (int n = 0; n < D / 8; n++) o[t][n][0] = o[t][n][1] = o[t][n][2] = o[t][n][3] = 0.f;
    float m[MT][2], l[MT][2];
    int rowP[MT][2];
#pragma unroll
    for (int t = 0; t < MT; t++) {
        m[t][0] = m[t][1] = NEG_INF;
        l[t][0] = l[t][1] = 0.f;
        rowP[t][0] = pmin + (warp * MT + t) * 16 + gq;
        rowP[t][1] = rowP[t][0] + 8;
    }
    int mi = lane >> 3, mr = lane & 7;

    for (int b = 0; b < blocks; b++) {
        int stage = b & 1;
        awaitBlock(b, blocks, issue);
        __syncthreads();
        const T* kt = ks + stage * TileLayout<D>::TILE;
        const T* vt = vs + stage * TileLayout<D>::TILE;

        float s[MT][TILE_N / 8][4];
#pragma unroll
        for (int t = 0; t < MT; t++)
#pragma unroll
            for (int n = 0; n < TILE_N / 8; n++) s[t][n][0] = s[t][n][1] = s[t][n][2] = s[t][n][3] = 0.f;
#pragma unroll
        for (int kk = 0; kk < D / 16; kk++) {
            uint32_t a[MT][4];
#pragma unroll
            for (int t = 0; t < MT; t++)
                loadFragmentA<STRIDE>(a[t], qs, (warp * MT + t) * 16, kk);
#pragma unroll
            for (int n = 0; n < TILE_N / 8; n += 2) {
                uint32_t bfrag[4];
                loadFragmentsB<STRIDE>(bfrag, kt, n * 8, kk);
#pragma unroll
                for (int t = 0; t < MT; t++) {
                    mma16816<T>(s[t][n], a[t], bfrag[0], bfrag[1]);
                    mma16816<T>(s[t][n + 1], a[t], bfrag[2], bfrag[3]);
                }
            }
        }

        // masks, only where the block straddles a boundary
        const int* blockColumns = colS + stage * TILE_N;
        KeyBlock kb = keyBlock(src, b, blocksA, TILE_N, blockColumns, pmin, pmax, w, causal);
        if (kb.needMask) {
#pragma unroll
            for (int t = 0; t < MT; t++)
#pragma unroll
                for (int n = 0; n < TILE_N / 8; n++)
#pragma unroll
                    for (int e = 0; e < 4; e++) {
                        if (!keyAccepted(kb, src, blockColumns, n * 8 + tq * 2 + (e & 1), rowP[t][e >> 1], w, causal))
                            s[t][n][e] = NEG_INF;
                    }
        }

        // online softmax in the log2 domain: each thread holds rows gq and gq + 8 of each m16 tile
#pragma unroll
        for (int t = 0; t < MT; t++) {
#pragma unroll
            for (int r = 0; r < 2; r++) {
                float mx = NEG_INF;
#pragma unroll
                for (int n = 0; n < TILE_N / 8; n++) mx = fmaxf(mx, fmaxf(s[t][n][2 * r], s[t][n][2 * r + 1]));
                mx = quadMax(mx);
                float mNew = fmaxf(m[t][r], mx * scaleLog2);
                float base = mNew == NEG_INF ? 0.f : mNew;
                float corr = fastExp2(m[t][r] - base);
                float sum = 0.f;
#pragma unroll
                for (int n = 0; n < TILE_N / 8; n++) {
                    s[t][n][2 * r] = fastExp2(fmaf(s[t][n][2 * r], scaleLog2, -base));
                    s[t][n][2 * r + 1] = fastExp2(fmaf(s[t][n][2 * r + 1], scaleLog2, -base));
                    sum += s[t][n][2 * r] + s[t][n][2 * r + 1];
                }
                l[t][r] = l[t][r] * corr + sum;
                m[t][r] = mNew;
#pragma unroll
                for (int n = 0; n < D / 8; n++) {
                    o[t][n][2 * r] *= corr;
                    o[t][n][2 * r + 1] *= corr;
                }
            }
        }

        // O += P V
#pragma unroll
        for (int kc = 0; kc < TILE_N / 16; kc++) {
            uint32_t a[MT][4];
#pragma unroll
            for (int t = 0; t < MT; t++) {
                a[t][0] = pack2<T>(s[t][2 * kc][0], s[t][2 * kc][1]);
                a[t][1] = pack2<T>(s[t][2 * kc][2], s[t][2 * kc][3]);
                a[t][2] = pack2<T>(s[t][2 * kc + 1][0], s[t][2 * kc + 1][1]);
                a[t][3] = pack2<T>(s[t][2 * kc + 1][2], s[t][2 * kc + 1][3]);
            }
#pragma unroll
            for (int dn = 0; dn < D / 16; dn++) {
                uint32_t bfrag[4];
                ldmatrixX4Trans(bfrag, vt + (kc * 16 + (mi & 1) * 8 + mr) * STRIDE + dn * 16 + (mi >> 1) * 8);
#pragma unroll
                for (int t = 0; t < MT; t++) {
                    mma16816<T>(o[t][2 * dn], a[t], bfrag[0], bfrag[1]);
                    mma16816<T>(o[t][2 * dn + 1], a[t], bfrag[2], bfrag[3]);
                }
            }
        }
        __syncthreads();  // the stage is refilled by the next iteration's issue
    }

#pragma unroll
    for (int t = 0; t < MT; t++) {
#pragma unroll
        for (int r = 0; r < 2; r++) {
            float sum = l[t][r];
            sum = quadSum(sum);
            int row = (warp * MT + t) * 16 + gq + 8 * r;
            if (row >= rows) continue;
            float inv = 1.f / sum;
            T* oRow = out + ((size_t)h * nq + i0 + row) * D;
#pragma unroll
            for (int n = 0; n < D / 8; n++) {
                *reinterpret_cast<uint32_t*>(oRow + n * 8 + tq * 2) =
                    pack2<T>(o[t][n][2 * r] * inv, o[t][n][2 * r + 1] * inv);
            }
        }
    }
}

#define MMA(T, TN, D, WARPS, MT, PREFIX)                                                                      \
    extern "C" __global__ void __launch_bounds__(32 * WARPS) PREFIX##_##TN##_d##D(                           \
        const T* q, const T* k, const T* v, T* out, const T* kg, const T* vg, const int* cols,                \
        const int* colOffset, const int* colCount, int hq, int hkv, int nq, int nk, int w, int causal,        \
        float scaleLog2) {                                                                                    \
        attentionMma<T, D, WARPS, MT>(q, k, v, out, kg, vg, cols, colOffset, colCount, hq, hkv, nq, nk, w,    \
                                      causal, scaleLog2);                                                     \
    }
#define MMA_ALL(WARPS, MT, MT256, PREFIX)                                                                     \
    MMA(f16, f16, 64, WARPS, MT, PREFIX)                                                                      \
    MMA(f16, f16, 96, WARPS, MT, PREFIX)                                                                      \
    MMA(f16, f16, 128, WARPS, MT, PREFIX)                                                                     \
    MMA(f16, f16, 256, WARPS, MT256, PREFIX)                                                                  \
    MMA(bf16, bf16, 64, WARPS, MT, PREFIX)                                                                    \
    MMA(bf16, bf16, 96, WARPS, MT, PREFIX)                                                                    \
    MMA(bf16, bf16, 128, WARPS, MT, PREFIX)                                                                   \
    MMA(bf16, bf16, 256, WARPS, MT256, PREFIX)
// Four warps of two m16 tiles (128 query rows) up to head dim 128: each K and V fragment feeds two
// mma, which measured 281 TFLOP/s against 229 with one tile per warp and 251 with eight warps of one
// (H200, bf16, d = 128, causal, 128K). At 256 two tiles' accumulators would not fit in registers.
MMA_ALL(4, 2, 1, attention_mma)

// ---------------------------------------------------------------------------------------------------
// Gathers each sparse head's selected key and value rows into contiguous buffers, once per call.
// Rows are moved as 16-bit words so one kernel serves every dtype (an f32 row is 2d words).
extern "C" __global__ void gather_columns(const unsigned short* k, const unsigned short* v, unsigned short* kg,
                                          unsigned short* vg, const int* cols, const int* colOffset,
                                          const int* colCount, const int* rowHead, int hq, int hkv, int nk,
                                          int totalRows, int rowWords) {
    int row = blockIdx.x;
    if (row >= totalRows) return;
    int h = rowHead[row];
    int g = h / (hq / hkv);
    const unsigned short* ks = k + ((size_t)g * nk + cols[row]) * rowWords;
    const unsigned short* vsrc = v + ((size_t)g * nk + cols[row]) * rowWords;
    for (int c = threadIdx.x; c < rowWords; c += blockDim.x) {
        kg[(size_t)row * rowWords + c] = ks[c];
        vg[(size_t)row * rowWords + c] = vsrc[c];
    }
}
