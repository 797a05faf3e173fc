// Shared device helpers of the CUDA backend's kernels: element loads widened to f32, warp reductions,
// and the tensor-core building blocks (mma.sync m16n8k16, ldmatrix, cp.async) used by the tiled kernels.
#pragma once
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <stdint.h>

typedef __nv_bfloat16 bf16;
typedef __half f16;

#define LOG2E 1.4426950408889634f
#define NEG_INF (-__int_as_float(0x7f800000))

__device__ __forceinline__ float widen(float x) { return x; }
__device__ __forceinline__ float widen(f16 x) { return __half2float(x); }
__device__ __forceinline__ float widen(bf16 x) { return __bfloat162float(x); }

template <typename T> __device__ __forceinline__ T narrow(float x);
template <> __device__ __forceinline__ float narrow<float>(float x) { return x; }
template <> __device__ __forceinline__ f16 narrow<f16>(float x) { return __float2half_rn(x); }
template <> __device__ __forceinline__ bf16 narrow<bf16>(float x) { return __float2bfloat16_rn(x); }

/**
 * 2^x on the special-function unit with denormal results flushed to zero, as exp2f compiles under
 * --use_fast_math; plain exp2f adds range fix-ups around every exponential, which the softmax loops
 * (one exponential per score) pay for in time and gain nothing from. 2^-inf is 0.
 */
__device__ __forceinline__ float fastExp2(float x) {
    float r;
    asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(r) : "f"(x));
    return r;
}

__device__ __forceinline__ float warpMax(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

__device__ __forceinline__ float warpSum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

/** Max / sum over the 4 lanes of a quad, which hold one accumulator row between them (m16n8 layout). */
__device__ __forceinline__ float quadMax(float v) {
    v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, 1));
    return fmaxf(v, __shfl_xor_sync(0xffffffffu, v, 2));
}

__device__ __forceinline__ float quadSum(float v) {
    v += __shfl_xor_sync(0xffffffffu, v, 1);
    return v + __shfl_xor_sync(0xffffffffu, v, 2);
}

/** Two f32 values packed as one 32-bit pair of T, the low half holding {@code lo}. */
template <typename T> __device__ __forceinline__ uint32_t pack2(float lo, float hi);
template <> __device__ __forceinline__ uint32_t pack2<f16>(float lo, float hi) {
    __half2 h = __floats2half2_rn(lo, hi);
    return *reinterpret_cast<uint32_t*>(&h);
}
template <> __device__ __forceinline__ uint32_t pack2<bf16>(float lo, float hi) {
    __nv_bfloat162 h = __floats2bfloat162_rn(lo, hi);
    return *reinterpret_cast<uint32_t*>(&h);
}

/** c += a * b on the tensor cores: a 16x16 (row), b 16x8 (col), c 16x8 f32. */
template <typename T> __device__ __forceinline__ void mma16816(float* c, const uint32_t* a, uint32_t b0, uint32_t b1);
template <> __device__ __forceinline__ void mma16816<bf16>(float* c, const uint32_t* a, uint32_t b0, uint32_t b1) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}
template <> __device__ __forceinline__ void mma16816<f16>(float* c, const uint32_t* a, uint32_t b0, uint32_t b1) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

__device__ __forceinline__ uint32_t smemAddress(const void* p) {
    return static_cast<uint32_t>(__cvta_generic_to_shared(p));
}

__device__ __forceinline__ void ldmatrixX4(uint32_t* r, const void* p) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(smemAddress(p)));
}

/**
 * The A fragment of mma16816 from a row-major tile in shared memory whose rows are STRIDE elements
 * apart: rows [row0, row0 + 16), columns [16 kk, 16 kk + 16).
 */
template <int STRIDE, typename T>
__device__ __forceinline__ void loadFragmentA(uint32_t* a, const T* tile, int row0, int kk) {
    int lane = threadIdx.x & 31, mi = lane >> 3, mr = lane & 7;
    ldmatrixX4(a, tile + (row0 + (mi & 1) * 8 + mr) * STRIDE + kk * 16 + (mi >> 1) * 8);
}

/**
 * The B fragments of two mma16816 from a row-major tile in shared memory (rows STRIDE elements apart)
 * whose rows are the products' columns: b[0..1] for rows [row0, row0 + 8), b[2..3] for the next 8,
 * columns [16 kk, 16 kk + 16).
 */
template <int STRIDE, typename T>
__device__ __forceinline__ void loadFragmentsB(uint32_t* b, const T* tile, int row0, int kk) {
    int lane = threadIdx.x & 31, mi = lane >> 3, mr = lane & 7;
    ldmatrixX4(b, tile + (row0 + (mi >> 1) * 8 + mr) * STRIDE + kk * 16 + (mi & 1) * 8);
}

__device__ __forceinline__ void ldmatrixX4Trans(uint32_t* r, const void* p) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(smemAddress(p)));
}

/** Copies 16 bytes global -> shared asynchronously; zero-fills when {@code valid} is false. */
__device__ __forceinline__ void cpAsync16(void* dst, const void* src, bool valid) {
    int bytes = valid ? 16 : 0;
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" :: "r"(smemAddress(dst)), "l"(src), "r"(bytes));
}

__device__ __forceinline__ void cpAsyncCommit() { asm volatile("cp.async.commit_group;\n" ::); }

template <int N> __device__ __forceinline__ void cpAsyncWait() { asm volatile("cp.async.wait_group %0;\n" :: "n"(N)); }

/**
 * The top of a double-buffered block loop: issues block b + 1 into the other stage (issue(block,
 * stage) commits one cp.async group), then waits until block b's group has landed.
 */
template <typename Issue>
__device__ __forceinline__ void awaitBlock(int b, int blocks, Issue issue) {
    if (b + 1 < blocks) {
        issue(b + 1, (b + 1) & 1);
        cpAsyncWait<1>();
    } else {
        cpAsyncWait<0>();
    }
}
