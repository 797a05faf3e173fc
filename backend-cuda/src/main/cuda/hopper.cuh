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

/**
 * Copies rows [0, valid) of D elements into a swizzled tile of ROWS rows, THREADS threads sharing the
 * work (later rows are zero-filled). A thread always copies the same 16-byte chunk of rows r, r + STEP,
 * ...; STEP is a multiple of 8 rows, so the swizzle (row mod 8) is the same for all of them and both
 * addresses advance by constants: the offsets are worked out once per kernel, not once per copy.
 */
template <typename T, int D, int ROWS, int THREADS>
struct SwizzledCopy {
    static constexpr int CHUNKS = D / 8;  // 16-byte chunks per row
    static constexpr int STEP = THREADS / CHUNKS;
    static constexpr int COPIES = (ROWS + STEP - 1) / STEP;
    static_assert(THREADS % CHUNKS == 0 && STEP % 8 == 0, "each thread's rows must share their swizzle");
    int row, sharedOffset, globalOffset;

    __device__ __forceinline__ SwizzledCopy() {
        row = threadIdx.x / CHUNKS;
        int col = (threadIdx.x % CHUNKS) * 8;
        sharedOffset = swizzled<ROWS>(row, col);
        globalOffset = row * D + col;
    }

    __device__ __forceinline__ void operator()(T* tile, const T* src, int valid) const {
#pragma unroll
        for (int i = 0; i < COPIES; i++) {
            int r = row + i * STEP;
            if (ROWS % STEP != 0 && r >= ROWS) break;
            bool ok = r < valid;
            cpAsync16(tile + sharedOffset + i * STEP * 64, ok ? src + globalOffset + (size_t)i * STEP * D : src, ok);
        }
    }
};

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
/** Waits until at most N of this warpgroup's committed wgmma groups are still running. */
template <int N>
__device__ __forceinline__ void wgmmaWait() { asm volatile("wgmma.wait_group.sync.aligned %0;\n" :: "n"(N) : "memory"); }
/** Makes this thread's cp.async writes to shared memory visible to the tensor cores' (async) proxy. */
__device__ __forceinline__ void fenceToAsyncProxy() { asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory"); }

/** The tile base of a kernel's dynamic shared memory: swizzling is by address bits 4-9, so 1024-aligned. */
__device__ __forceinline__ unsigned char* swizzleAligned(unsigned char* smem) {
    return smem + ((1024 - (smemAddress(smem) & 1023)) & 1023);
}

constexpr uint32_t SWIZZLE_ROW_GROUP = 1024 >> 4;  // 8 rows of 128 bytes: the stride between row groups

/** The descriptor of a K-major swizzled tile: step 0 of its k-steps. */
__device__ __forceinline__ uint64_t kMajor(const void* tile) { return descriptor(tile, 1, SWIZZLE_ROW_GROUP); }

/**
 * Descriptor of k-step kk (16 elements, 32 bytes) of a K-major swizzled tile of ROWS rows, from the
 * tile's own: the step's byte offset added to the address field (shared addresses stay below its 2^18
 * bytes, so the sum never carries out of it), instead of building each step's descriptor anew.
 */
template <int ROWS>
__device__ __forceinline__ uint64_t kMajorStep(uint64_t tile, int kk) {
    return tile + ((((kk >> 2) * ROWS * 64 + (kk & 3) * 16) * 2) >> 4);
}

/**
 * The top of a double-buffered block loop with one barrier per block: waits for block b (the only
 * copy group in flight), makes it visible to every thread and to the tensor cores, then issues block
 * b + 1 into the other stage, whose readers (block b - 1) are all past the barrier. issue(block, stage)
 * commits one cp.async group.
 */
template <typename Issue>
__device__ __forceinline__ void startBlock(int b, int blocks, Issue issue) {
    cpAsyncWait<0>();
    fenceToAsyncProxy();
    __syncthreads();
    if (b + 1 < blocks) issue(b + 1, (b + 1) & 1);
}
