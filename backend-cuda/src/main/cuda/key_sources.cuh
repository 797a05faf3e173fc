// Which keys a tile of query rows visits in the attention kernels (attention.cu, attention_sm90a.cu):
// (A) the head's selected columns, gathered once into contiguous buffers (kg, vg) in ascending key
// order, and (B) a contiguous range of the original keys: the window (p - w, p] of the tile's rows for a
// sparse head, every visible key for a dense one. colOffset == nullptr means a dense call;
// colCount[h] < 0 marks a head the plan runs dense. backend-opencl's attention_mma.cl has the same
// logic in OpenCL C: a fix to one belongs in the other.
#pragma once

struct KeySources {
    int columnBase;   // first gathered row of this head in kg / vg / cols
    int columnCount;  // gathered columns the tile may visit (a prefix of the head's columns when causal)
    int lo, hi;       // the contiguous key range [lo, hi)
    bool sparse;      // whether the range is the window (true) or the dense visible range
};

/** Column j outside row p's window: before it, or (non-causal only) after the row's position. */
__device__ __forceinline__ bool columnVisible(int j, int p, int w, int causal) {
    return j <= p - w || (!causal && j > p);
}

__device__ __forceinline__ bool rangeVisible(int j, int p, int w, int causal, bool sparse) {
    return sparse ? (j > p - w && j <= p) : (!causal || j <= p);
}

/** Number of ascending columns that are <= limit. */
__device__ __forceinline__ int countAtMost(const int* cols, int n, int limit) {
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) >> 1;
        if (cols[mid] <= limit) lo = mid + 1; else hi = mid;
    }
    return lo;
}

/** The keys of query positions [pmin, pmax] of head h. */
__device__ __forceinline__ KeySources keySources(const int* cols, const int* colOffset, const int* colCount,
                                                 int h, int nk, int pmin, int pmax, int w, int causal) {
    KeySources s;
    s.columnBase = 0;
    s.columnCount = 0;
    s.sparse = colOffset != nullptr && colCount[h] >= 0;
    if (s.sparse) {
        s.columnBase = colOffset[h];
        int n = colCount[h];
        s.columnCount = causal ? countAtMost(cols + s.columnBase, n, pmax - w) : n;
        s.lo = max(0, pmin - w + 1);
        s.hi = pmax + 1;
    } else {
        s.lo = 0;
        s.hi = causal ? pmax + 1 : nk;
    }
    return s;
}

/**
 * The tile of query rows [i0, i0 + rows) of q-head h that a CTA of an attention kernel takes (heavy
 * causal tiles first), its key sources, and their blocks of KEYS keys: blocksA of gathered columns
 * (A), then the contiguous range (B), blocks in all.
 */
template <int KEYS>
struct QueryTileKeys {
    int h, i0, rows, g, pmin, pmax, blocksA, blocks;
    KeySources src;

    __device__ __forceinline__ QueryTileKeys(int tileRows, const int* cols, const int* colOffset, const int* colCount,
                                             int hq, int hkv, int nq, int nk, int w, int causal) {
        h = blockIdx.y;
        int tile = causal ? gridDim.x - 1 - blockIdx.x : blockIdx.x;
        i0 = tile * tileRows;
        rows = min(tileRows, nq - i0);
        g = h / (hq / hkv);
        pmin = nk - nq + i0;
        pmax = pmin + rows - 1;
        src = keySources(cols, colOffset, colCount, h, nk, pmin, pmax, w, causal);
        blocksA = (src.columnCount + KEYS - 1) / KEYS;
        blocks = blocksA + (src.hi - src.lo + KEYS - 1) / KEYS;
    }
};

/** Key block b of a tile's sources: where it starts, how many keys it holds, whether it may mask any. */
struct KeyBlock {
    bool inColumns;  // from the gathered columns (A) rather than the contiguous range (B)
    int first;       // first gathered entry (A) or first key (B)
    int valid;       // keys in the block, at most tileN
    bool needMask;   // some (row, key) of the tile's rows [pmin, pmax] may be invisible
};

/** Block b of tileN keys; blockColumns holds the gathered block's key indices (A only). */
__device__ __forceinline__ KeyBlock keyBlock(const KeySources& src, int b, int blocksA, int tileN,
                                             const int* blockColumns, int pmin, int pmax, int w, int causal) {
    KeyBlock k;
    k.inColumns = b < blocksA;
    if (k.inColumns) {
        k.first = b * tileN;
        k.valid = min(tileN, src.columnCount - k.first);
        int jFirst = blockColumns[0], jLast = blockColumns[k.valid - 1];
        k.needMask = k.valid < tileN || !(jLast <= pmin - w || (!causal && jFirst > pmax));
    } else {
        k.first = src.lo + (b - blocksA) * tileN;
        k.valid = min(tileN, src.hi - k.first);
        int last = k.first + k.valid - 1;
        k.needMask = k.valid < tileN
                || (src.sparse ? !(k.first > pmax - w && last <= pmin) : (causal && last > pmin));
    }
    return k;
}

/** Whether row p takes entry kk of the block. */
__device__ __forceinline__ bool keyAccepted(const KeyBlock& k, const KeySources& src, const int* blockColumns, int kk,
                                            int p, int w, int causal) {
    if (kk >= k.valid) return false;
    return k.inColumns ? columnVisible(blockColumns[kk], p, w, causal)
                       : rangeVisible(k.first + kk, p, w, causal, src.sparse);
}
