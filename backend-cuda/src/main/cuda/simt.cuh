// Building blocks of the f32 tile kernels (attention.cu's attention_simt, sampling.cu's sample_simt):
// rows of f32 staged in shared memory as float4s and dot products against rows held in registers.
#pragma once

/** Loads rows [0, valid) of D floats into a ROWS-row tile of float4s, zero-filling the rest. */
template <int D, int ROWS>
__device__ __forceinline__ void loadRows4(float4* dst, const float* src, int valid) {
    constexpr int R4 = D / 4;
    for (int e = threadIdx.x; e < ROWS * R4; e += blockDim.x) {
        dst[e] = e / R4 < valid ? reinterpret_cast<const float4*>(src)[e] : make_float4(0.f, 0.f, 0.f, 0.f);
    }
}

/** loadRows4 through cp.async (commit and wait are the caller's); needs common.cuh. */
template <int D, int ROWS>
__device__ __forceinline__ void copyRows4(float4* dst, const float* src, int valid) {
    constexpr int R4 = D / 4;
    for (int e = threadIdx.x; e < ROWS * R4; e += blockDim.x) {
        bool ok = e / R4 < valid;
        cpAsync16(dst + e, ok ? src + 4 * e : src, ok);
    }
}

/**
 * Folds online-softmax statistics (shift m2 and the sum relative to it, log2 domain) into (m, l); a
 * part that saw no key (m2 = -inf) changes nothing. Needs common.cuh.
 */
__device__ __forceinline__ void foldStatistics(float& m, float& l, float m2, float l2) {
    if (m2 == NEG_INF) return;
    float mNew = fmaxf(m, m2);
    l = l * fastExp2(m - mNew) + l2 * fastExp2(m2 - mNew);
    m = mNew;
}

/** A row of N float4s from global memory into registers, each element multiplied by factor. */
template <int N>
__device__ __forceinline__ void loadRow4(float4* dst, const float* src, float factor) {
#pragma unroll
    for (int u = 0; u < N; u++) {
        float4 x = reinterpret_cast<const float4*>(src)[u];
        dst[u] = make_float4(x.x * factor, x.y * factor, x.z * factor, x.w * factor);
    }
}

/** c + a * b, lane by lane. */
__device__ __forceinline__ float4 fma4(float a, float4 b, float4 c) {
    return make_float4(fmaf(a, b.x, c.x), fmaf(a, b.y, c.y), fmaf(a, b.z, c.z), fmaf(a, b.w, c.w));
}

/** The dot product of N float4s in registers with N in shared memory, in four partial sums. */
template <int N>
__device__ __forceinline__ float dot4(const float4* a, const float4* b) {
    float4 s = make_float4(0.f, 0.f, 0.f, 0.f);
#pragma unroll
    for (int u = 0; u < N; u++) {
        float4 x = b[u];
        s.x = fmaf(a[u].x, x.x, s.x);
        s.y = fmaf(a[u].y, x.y, s.y);
        s.z = fmaf(a[u].z, x.z, s.z);
        s.w = fmaf(a[u].w, x.w, s.w);
    }
    return (s.x + s.y) + (s.z + s.w);
}

/**
 * The sum of v over the SIDES adjacent lanes that share a row (SIDES a power of two, at most 16), in
 * every one of them, the same bits in each; those lanes must reach it together.
 */
template <int SIDES>
__device__ __forceinline__ float sidesSum(float v) {
    if (SIDES == 1) return v;
    unsigned lane = threadIdx.x & 31;
    unsigned group = ((1u << SIDES) - 1) << (lane & ~(SIDES - 1));
#pragma unroll
    for (int o = 1; o < SIDES; o <<= 1) v += __shfl_xor_sync(group, v, o);
    return v;
}
