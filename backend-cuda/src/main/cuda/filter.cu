// Score-based filtering on the device, launched by CudaFilter (DESIGN.md section 4, step 2):
//  1. filter_keys: per head, the total residual R[j] = sum_b R_b[j], packed with the column index into
//     a 64-bit sort key (inverted f32 bits high, index low), so that ascending keys order columns by
//     descending total with ties on the lower index; padding keys sort last. Block b's scores are zero
//     from residualEnd[b] on (ScoreLayout.residualEnd), so those are not read: half the scores causally.
//  2. bitonic_sort_local / bitonic_merge_global / bitonic_merge_local: a bitonic sort of each head's
//     keys (length a power of two), in shared memory where the stride allows.
//  3. filter_block_cut: per (head, block), the shortest prefix of that order with which the block
//     reaches C0_b + sum R_b >= alpha * rows(b) (a block-wide scan in f64 with early exit); the head's
//     cut is the longest of its blocks' (prefix sums only grow, so every block is met from there on).
//  4. filter_mark and filter_compact: mark the columns of the head's prefix, then compact them in
//     ascending order, with their count and total residual mass.
//  5. filter_pack: every head's columns one after another, so that the host reads the plan in one copy.
#include "common.cuh"

#define SORT_CHUNK 2048  // elements a CTA of 1024 threads sorts in shared memory

extern "C" __global__ void filter_keys(const float* residual, const int* residualEnd, unsigned long long* keys,
                                       int blocks, int nk, int padded) {
    int h = blockIdx.y;
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= padded) return;
    unsigned long long key = ~0ull;
    if (j < nk) {
        double total = 0.0;
        const float* r = residual + (size_t)h * blocks * nk + j;
        for (int b = 0; b < blocks; b++) {
            if (j < residualEnd[b]) total += r[(size_t)b * nk];
        }
        unsigned int bits = __float_as_uint((float)total);
        key = ((unsigned long long)(~bits) << 32) | (unsigned int)j;
    }
    keys[(size_t)h * padded + j] = key;
}

__device__ __forceinline__ void compareExchange(unsigned long long* a, unsigned long long* b, bool ascending) {
    unsigned long long x = *a, y = *b;
    if ((x > y) == ascending) {
        *a = y;
        *b = x;
    }
}

/** Sorts each SORT_CHUNK-element chunk (stages up to SORT_CHUNK), directions as in the full sort. */
extern "C" __global__ void bitonic_sort_local(unsigned long long* keys, int padded) {
    __shared__ unsigned long long s[SORT_CHUNK];
    unsigned long long* base = keys + (size_t)blockIdx.y * padded + (size_t)blockIdx.x * SORT_CHUNK;
    int n = min(SORT_CHUNK, padded);
    for (int i = threadIdx.x; i < n; i += blockDim.x) s[i] = base[i];
    __syncthreads();
    int offset = blockIdx.x * SORT_CHUNK;
    for (int k = 2; k <= n; k <<= 1) {
        for (int j = k >> 1; j > 0; j >>= 1) {
            for (int t = threadIdx.x; t < n / 2; t += blockDim.x) {
                int i = 2 * t - (t & (j - 1));  // lower index of the pair
                bool ascending = ((offset + i) & k) == 0;
                compareExchange(&s[i], &s[i + j], ascending);
            }
            __syncthreads();
        }
    }
    for (int i = threadIdx.x; i < n; i += blockDim.x) base[i] = s[i];
}

/** One compare-exchange step of stage k with stride j >= SORT_CHUNK, in global memory. */
extern "C" __global__ void bitonic_merge_global(unsigned long long* keys, int padded, int k, int j) {
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= padded / 2) return;
    int i = 2 * t - (t & (j - 1));
    unsigned long long* head = keys + (size_t)blockIdx.y * padded;
    compareExchange(&head[i], &head[i + j], (i & k) == 0);
}

/** The steps of stage k with strides below SORT_CHUNK, in shared memory. */
extern "C" __global__ void bitonic_merge_local(unsigned long long* keys, int padded, int k) {
    __shared__ unsigned long long s[SORT_CHUNK];
    unsigned long long* base = keys + (size_t)blockIdx.y * padded + (size_t)blockIdx.x * SORT_CHUNK;
    for (int i = threadIdx.x; i < SORT_CHUNK; i += blockDim.x) s[i] = base[i];
    __syncthreads();
    int offset = blockIdx.x * SORT_CHUNK;
    for (int j = SORT_CHUNK >> 1; j > 0; j >>= 1) {
        for (int t = threadIdx.x; t < SORT_CHUNK / 2; t += blockDim.x) {
            int i = 2 * t - (t & (j - 1));
            compareExchange(&s[i], &s[i + j], ((offset + i) & k) == 0);
        }
        __syncthreads();
    }
    for (int i = threadIdx.x; i < SORT_CHUNK; i += blockDim.x) base[i] = s[i];
}

#define CUT_THREADS 512

/** Inclusive scan of one double per thread across the CTA; returns the CTA total in *total. */
__device__ double blockInclusiveScan(double x, double* warpTotals, double* total) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    for (int o = 1; o < 32; o <<= 1) {
        double y = __shfl_up_sync(0xffffffffu, x, o);
        if (lane >= o) x += y;
    }
    if (lane == 31) warpTotals[warp] = x;
    __syncthreads();
    if (warp == 0) {
        int warps = blockDim.x >> 5;
        double y = lane < warps ? warpTotals[lane] : 0.0;
        for (int o = 1; o < 32; o <<= 1) {
            double z = __shfl_up_sync(0xffffffffu, y, o);
            if (lane >= o) y += z;
        }
        if (lane < warps) warpTotals[lane] = y;
    }
    __syncthreads();
    if (warp > 0) x += warpTotals[warp - 1];
    *total = warpTotals[(blockDim.x >> 5) - 1];
    __syncthreads();
    return x;
}

extern "C" __global__ void __launch_bounds__(CUT_THREADS) filter_block_cut(
    const unsigned long long* keys, const float* residual, const double* covered, const double* targets,
    int* cuts, int blocks, int nk, int padded) {
    __shared__ double warpTotals[32];
    __shared__ int found;
    int b = blockIdx.x, h = blockIdx.y;
    const unsigned long long* order = keys + (size_t)h * padded;
    const float* rb = residual + ((size_t)h * blocks + b) * nk;
    double target = targets[b];
    double reached = covered[(size_t)h * blocks + b];
    int cut = nk;  // all columns when the block is never met
    if (reached >= target) {
        cut = 0;
    } else {
        if (threadIdx.x == 0) found = nk;
        __syncthreads();
        for (int start = 0; start < nk; start += blockDim.x) {
            int t = start + threadIdx.x;
            double x = t < nk ? (double)rb[(unsigned int)(order[t] & 0xffffffffu)] : 0.0;
            double total;
            double prefix = blockInclusiveScan(x, warpTotals, &total);
            if (t < nk && reached + prefix >= target) atomicMin(&found, t + 1);
            __syncthreads();
            if (found < nk) break;
            reached += total;
        }
        cut = found;
    }
    if (threadIdx.x == 0) cuts[(size_t)h * blocks + b] = cut;
}

/** Marks the head's selected columns (its first max_b cut_b sorted keys) and sums their total mass. */
extern "C" __global__ void filter_mark(const unsigned long long* keys, const int* cuts, int* flags,
                                       double* selectedMass, int blocks, int nk, int padded) {
    __shared__ int headCut;
    int h = blockIdx.y;
    if (threadIdx.x == 0) {
        int cut = 0;
        for (int b = 0; b < blocks; b++) cut = max(cut, cuts[(size_t)h * blocks + b]);
        headCut = cut;
    }
    __syncthreads();
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    double mass = 0.0;
    if (t < headCut) {
        unsigned long long key = keys[(size_t)h * padded + t];
        flags[(size_t)h * nk + (unsigned int)(key & 0xffffffffu)] = 1;
        mass = (double)__uint_as_float(~(unsigned int)(key >> 32));
    }
    for (int o = 16; o > 0; o >>= 1) mass += __shfl_xor_sync(0xffffffffu, mass, o);
    if ((threadIdx.x & 31) == 0 && mass != 0.0) atomicAdd(selectedMass + h, mass);
}

/** Writes each head's marked columns in ascending order to columns[h][0..count) and count[h]. */
extern "C" __global__ void __launch_bounds__(1024) filter_compact(const int* flags, int* columns, int* counts,
                                                                 int nk) {
    __shared__ int warpTotals[32];
    int h = blockIdx.x;
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    int written = 0;
    for (int start = 0; start < nk; start += blockDim.x) {
        int j = start + threadIdx.x;
        int f = j < nk ? flags[(size_t)h * nk + j] : 0;
        int x = f;
        for (int o = 1; o < 32; o <<= 1) {
            int y = __shfl_up_sync(0xffffffffu, x, o);
            if (lane >= o) x += y;
        }
        if (lane == 31) warpTotals[warp] = x;
        __syncthreads();
        if (warp == 0) {
            int y = lane < warps ? warpTotals[lane] : 0;
            for (int o = 1; o < 32; o <<= 1) {
                int z = __shfl_up_sync(0xffffffffu, y, o);
                if (lane >= o) y += z;
            }
            if (lane < warps) warpTotals[lane] = y;
        }
        __syncthreads();
        int before = warp > 0 ? warpTotals[warp - 1] : 0;
        if (f) columns[(size_t)h * nk + written + before + x - 1] = j;
        written += warpTotals[warps - 1];
        __syncthreads();
    }
    if (threadIdx.x == 0) counts[h] = written;
}

/**
 * Head h's counts[h] selected columns copied to packed[] after the columns of the heads before it:
 * the host then reads the whole plan in one copy instead of one synchronous copy per head.
 */
extern "C" __global__ void filter_pack(const int* columns, const int* counts, int nk, int* packed) {
    int h = blockIdx.y;
    int offset = 0;
    for (int g = 0; g < h; g++) offset += counts[g];
    int n = counts[h];
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
        packed[offset + i] = columns[(size_t)h * nk + i];
}
