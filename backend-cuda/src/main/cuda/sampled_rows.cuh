// What the tensor-core sampling kernels (sampling.cu on mma.sync, sampling_sm90a.cu on wgmma) do with
// one block of scores, both in the m16n8 accumulator layout (a warp's 16 rows of the product, a thread
// owning rows gq and gq + 8). Pass 1 computes S = Q K^T: SampledRows folds each sampled row's maximum
// and normaliser (log2 domain) over every key the row sees, s[4n + e] being row (e >> 1), key
// 8n + 2tq + (e & 1) of the block. Pass 2 computes S^T = K Q^T: SampledKeys turns the scores into
// exact probabilities and sums them per key over the tile's rows, within a quad of threads, for the
// keys outside the rows' windows only: a row's probabilities sum to 1, so the covered (window) mass of
// the tile is its row count less the residual it added, and pass 2 skips the keys that every row of
// the tile has in its window (at 128K about a sixth of its work). Scores stay unscaled: the scale
// (positive, so it keeps the maximum where it is) rides in the one fused multiply-add before each
// exponential.
#pragma once
#include "common.cuh"

__device__ __forceinline__ bool inWindow(int j, int p, int w) { return j > p - w && j <= p; }

/**
 * A tile of sampled rows from the launch's tile table (four ints per tile: first query row, row count,
 * block, index of its first row among all sampled rows) and the keys its rows see: by default the one a
 * CTA of the tensor-core samplers takes.
 */
struct SampledTile {
    int i0, rows, block, firstRow;  // the table's entry
    int pmin;                       // key position of the first row
    int end;                        // keys [0, end) are visible to some row of the tile
    int kvHead;

    // causal tiles further down see more keys: start them first, so no long tile runs alone at the end
    __device__ __forceinline__ SampledTile(const int* tiles, int h, int hq, int hkv, int nq, int nk, int causal)
        : SampledTile(tiles, causal ? gridDim.x - 1 - blockIdx.x : blockIdx.x, h, hq, hkv, nq, nk, causal) {}

    /** Tile {@code index} of the table. */
    __device__ __forceinline__ SampledTile(const int* tiles, int index, int h, int hq, int hkv, int nq, int nk,
                                           int causal) {
        const int* t = tiles + 4 * index;
        i0 = t[0];
        rows = t[1];
        block = t[2];
        firstRow = t[3];
        pmin = nk - nq + i0;
        end = causal ? pmin + rows : nk;
        kvHead = h / (hq / hkv);
    }

    /**
     * The keys [0, keyEnd) a pass visits: pass 1 every key the tile sees ([0, end)); pass 2, when causal,
     * only those outside some row's window, j <= p - w.
     */
    __device__ __forceinline__ int keyEnd(int pass, int w, int causal) const {
        return pass == 2 && causal ? max(0, min(end, pmin + rows - w)) : end;
    }

    /**
     * Whether key block [first, first + KEYS) of a pass visiting [0, visitEnd) needs masking: it meets a
     * boundary, a missing row of the TILE_ROWS, or (pass 2) a window.
     */
    template <int KEYS, int TILE_ROWS>
    __device__ __forceinline__ bool needsMask(int pass, int first, int visitEnd, int w, int causal) const {
        int pmax = pmin + rows - 1;
        bool edge = first + KEYS > visitEnd || (causal && first + KEYS - 1 > pmin) || rows < TILE_ROWS;
        bool window = pass == 2 && first + KEYS - 1 > pmin - w && first <= pmax;
        return edge || window;
    }
};

template <int KEYS>
struct SampledRows {
    static constexpr int TILE_ROWS = 64;  // sampled rows per tile: four warps of 16
    int pmin, rows;  // the tile's first key position and row count (at most TILE_ROWS)
    int localRow[2], rowP[2];
    bool rowOk[2];
    float m[2], l[2];  // the shift and normaliser of this thread's keys of each row

    __device__ __forceinline__ void init(int warp, int gq, int pmin, int rows) {
        this->pmin = pmin;
        this->rows = rows;
#pragma unroll
        for (int r = 0; r < 2; r++) {
            localRow[r] = warp * 16 + gq + 8 * r;
            rowP[r] = pmin + localRow[r];
            rowOk[r] = localRow[r] < rows;
            m[r] = NEG_INF;
            l[r] = 0.f;
        }
    }

    /** -inf where a row does not see the key; called only for blocks that straddle a boundary. */
    __device__ __forceinline__ void mask(float* s, int first, int end, int tq, int causal) const {
#pragma unroll
        for (int i = 0; i < KEYS / 2; i++) {
            int j = first + (i >> 2) * 8 + tq * 2 + (i & 1);
            int r = (i >> 1) & 1;
            if (!(rowOk[r] && j < end && (!causal || j <= rowP[r]))) s[i] = NEG_INF;
        }
    }

    /**
     * Pass 1: folds the block into each row's maximum and normaliser, over this thread's 16 keys of the
     * block (the quad's four partial pairs are merged by writeStatistics). Any shift gives an exact
     * normaliser, so a row keeps its shift while the block's exponentials stay small: their sum at the
     * old shift is at most 2^RESCALE_SLACK only when every score is at most that far above it (an
     * overflow shows as an infinite sum). Only then, or before the row's first key, is the block's
     * maximum taken: most blocks skip a max per score and the quad's shuffles.
     */
    static constexpr float RESCALE_SLACK = 8.f;

    __device__ __forceinline__ void foldStatistics(const float* s, float scaleLog2) {
#pragma unroll
        for (int r = 0; r < 2; r++) {
            if (m[r] != NEG_INF) {
                float sum = 0.f;
#pragma unroll
                for (int n = 0; n < KEYS / 8; n++)
                    sum += fastExp2(fmaf(s[4 * n + 2 * r], scaleLog2, -m[r])) + fastExp2(fmaf(s[4 * n + 2 * r + 1], scaleLog2, -m[r]));
                if (sum <= exp2f(RESCALE_SLACK)) {
                    l[r] += sum;
                    continue;
                }
            }
            float mx = NEG_INF;
#pragma unroll
            for (int n = 0; n < KEYS / 8; n++) mx = fmaxf(mx, fmaxf(s[4 * n + 2 * r], s[4 * n + 2 * r + 1]));
            float mNew = fmaxf(m[r], mx * scaleLog2);
            float base = mNew == NEG_INF ? 0.f : mNew;
            float sum = 0.f;
#pragma unroll
            for (int n = 0; n < KEYS / 8; n++)
                sum += fastExp2(fmaf(s[4 * n + 2 * r], scaleLog2, -base)) + fastExp2(fmaf(s[4 * n + 2 * r + 1], scaleLog2, -base));
            l[r] = l[r] * fastExp2(m[r] - base) + sum;
            m[r] = mNew;
        }
    }

    /** End of pass 1: each row's statistics, the quad's partial pairs merged, from its first thread. */
    __device__ __forceinline__ void writeStatistics(float2* tileStats, int tq) const {
#pragma unroll
        for (int r = 0; r < 2; r++) {
            float mRow = quadMax(m[r]);
            float sum = mRow == NEG_INF ? 0.f : quadSum(l[r] * fastExp2(m[r] - mRow));
            if (tq == 0 && rowOk[r]) tileStats[localRow[r]] = make_float2(mRow, sum);
        }
    }
};

/**
 * Pass 2 of both tensor-core samplers, which compute S^T = K Q^T: the accumulator's rows are the
 * block's keys and its columns the tile's sampled rows, so a thread holds keys warp * 16 + gq + 8r
 * (r < 2) against rows 8n + 2tq + c (n < KEYS / 8, c < 2) in s[4n + 2r + c], and a key's probability
 * mass over the tile's rows is a sum within the thread and across its quad: two shuffles, where the
 * [rows x keys] layout needs a butterfly across the warp and a pass through shared memory to sum
 * columns.
 */
template <int KEYS, int TILE_ROWS>
struct SampledKeys {
    static_assert(KEYS == 64 && TILE_ROWS == 64, "one warpgroup's m64n64 accumulator");
    int pmin, rows;
    float shift[TILE_ROWS / 4];  // shift[2n + c]: row 8n + 2tq + c's maximum + log2(normaliser); +inf past the tile
    double residualAdded;        // what this thread added to the residual scores

    __device__ __forceinline__ void init(int pmin, int rows, int tq, const float2* tileStats) {
        this->pmin = pmin;
        this->rows = rows;
        residualAdded = 0.0;
#pragma unroll
        for (int n = 0; n < TILE_ROWS / 8; n++) {
#pragma unroll
            for (int c = 0; c < 2; c++) {
                int row = 8 * n + 2 * tq + c;
                shift[2 * n + c] = INFINITY;  // a row past the tile's end: every probability 0
                if (row < rows) {
                    float2 st = tileStats[row];
                    shift[2 * n + c] = st.x + __log2f(st.y);
                }
            }
        }
    }

    /** -inf where a row does not see the key or has it in its window; for blocks that need masking. */
    __device__ __forceinline__ void mask(float* s, int first, int end, int warp, int gq, int tq, int causal,
                                         int w) const {
#pragma unroll
        for (int i = 0; i < TILE_ROWS / 2; i++) {
            int j = first + warp * 16 + gq + 8 * ((i >> 1) & 1);
            int row = 8 * (i >> 2) + 2 * tq + (i & 1), p = pmin + row;
            bool seen = row < rows && j < end && (!causal || j <= p);
            if (!seen || inWindow(j, p, w)) s[i] = NEG_INF;
        }
    }

    /** The block's probabilities summed per key over the tile's rows, added into the residual scores R_b. */
    __device__ __forceinline__ void addResidual(const float* s, float scaleLog2, int first, int end, int warp, int gq,
                                                int tq, float* residualRow) {
#pragma unroll
        for (int r = 0; r < 2; r++) {
            float sum = 0.f;
#pragma unroll
            for (int n = 0; n < TILE_ROWS / 8; n++) {
#pragma unroll
                for (int c = 0; c < 2; c++) sum += fastExp2(fmaf(s[4 * n + 2 * r + c], scaleLog2, -shift[2 * n + c]));
            }
            sum = quadSum(sum);
            int j = first + warp * 16 + gq + 8 * r;
            if (tq == 0 && j < end && sum != 0.f) {
                atomicAdd(residualRow + j, sum);
                residualAdded += sum;
            }
        }
    }

    /**
     * End of pass 2: the tile's covered mass, its row count less the residual its threads added, added
     * to the block's (called by every thread).
     */
    __device__ __forceinline__ void addCovered(double* blockCovered, int lane) const {
        double total = residualAdded;
        for (int o = 16; o > 0; o >>= 1) total += __shfl_xor_sync(0xffffffffu, total, o);
        if (lane == 0) atomicAdd(blockCovered, (threadIdx.x == 0 ? rows : 0) - total);
    }
};
