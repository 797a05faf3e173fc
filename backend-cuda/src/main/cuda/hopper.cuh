// Building blocks of the Hopper kernels (attention_sm90a.cu, sampling_sm90a.cu): tiles in the
// 128-byte swizzled shared-memory layout that wgmma reads without bank conflicts (each row of 64
// elements is 128 bytes, its 16-byte chunks permuted by the row index mod 8; a head dim of 128 is two
// such panels), their matrix descriptors, and the wgmma / proxy fences.
#pragma once
#include "common.cuh"
#include "wgmma.cuh"

/** Element offset of (row r, column c) in a swizzled tile of ROWS rows: panels of ROWS x 64 elements. */
template <int ROWS>
__device__ __forceinline__ int swizzled(int r, int c) {
    return (c >> 6) * ROWS * 64 + r * 64 + ((((c >> 3) & 7) ^ (r & 7)) << 3) + (c & 7);
}

/** Copies rows [0, valid) of D elements into a swizzled tile of ROWS rows; later rows are zero-filled. */
template <typename T, int D, int ROWS>
__device__ __forceinline__ void loadSwizzled(T* dst, const T* src, int valid) {
    constexpr int CHUNKS = D / 8;
    for (int c = threadIdx.x; c < ROWS * CHUNKS; c += blockDim.x) {
        int r = c / CHUNKS, col = (c % CHUNKS) * 8;
        bool ok = r < valid;
        cpAsync16(dst + swizzled<ROWS>(r, col), ok ? src + (size_t)r * D + col : src, ok);
    }
}

/**
 * A wgmma shared-memory matrix descriptor for a 128-byte-swizzled operand: start address, leading and
 * stride byte offsets (in 16-byte units), swizzle mode 1 (128 bytes).
 */
__device__ __forceinline__ uint64_t descriptor(const void* p, uint32_t leading, uint32_t stride) {
    uint64_t address = smemAddress(p);
    return ((address & 0x3FFFF) >> 4) | ((uint64_t)leading << 16) | ((uint64_t)stride << 32) | (1ull << 62);
}

__device__ __forceinline__ void wgmmaFence() { asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory"); }
__device__ __forceinline__ void wgmmaCommit() { asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory"); }
__device__ __forceinline__ void wgmmaWaitAll() { asm volatile("wgmma.wait_group.sync.aligned 0;\n" ::: "memory"); }
/** Makes this thread's cp.async writes to shared memory visible to the tensor cores' (async) proxy. */
__device__ __forceinline__ void fenceToAsyncProxy() { asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory"); }

/** The tile base of a kernel's dynamic shared memory: swizzling is by address bits 4-9, so 1024-aligned. */
__device__ __forceinline__ unsigned char* swizzleAligned(unsigned char* smem) {
    return smem + ((1024 - (smemAddress(smem) & 1023)) & 1023);
}

constexpr uint32_t SWIZZLE_ROW_GROUP = 1024 >> 4;  // 8 rows of 128 bytes: the stride between row groups

/** Descriptor of k-step kk (16 elements, 32 bytes) of a K-major swizzled tile of ROWS rows. */
template <int ROWS, typename T>
__device__ __forceinline__ uint64_t kMajorStep(const T* tile, int kk) {
    return descriptor(tile + (kk >> 2) * ROWS * 64 + (kk & 3) * 16, 1, SWIZZLE_ROW_GROUP);
}
