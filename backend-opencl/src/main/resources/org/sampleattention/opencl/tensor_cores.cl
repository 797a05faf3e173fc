// NVIDIA tensor cores from OpenCL C: NVIDIA's OpenCL compiler passes inline PTX through to ptxas, so
// the kernels built with this file reach mma.sync, ldmatrix and cp.async exactly as the CUDA
// backend's do. Built only for an NVIDIA device of compute capability 8.0 or newer (TensorCorePath
// decides), with ELEM_BF16 or ELEM_F16 naming the 16-bit element type of q, k and v.
//
// __local addresses go to PTX as 64-bit integers: the integer value of an OpenCL __local pointer is
// its offset in the shared window, which is what the .shared forms of these instructions expect.

#if defined(ELEM_BF16)
#define MMA_TYPES ".f32.bf16.bf16.f32"
#define CVT_PAIR "cvt.rn.bf16x2.f32"
#elif defined(ELEM_F16)
#define MMA_TYPES ".f32.f16.f16.f32"
#define CVT_PAIR "cvt.rn.f16x2.f32"
#else
#error "tensor_cores.cl needs ELEM_BF16 or ELEM_F16"
#endif

#define FULL_WARP 0xffffffff

/** c += a * b: a 16x16 (row-major fragment), b 16x8 (column-major fragment), c 16x8 f32. */
inline void mma16816(float c[4], const uint a[4], uint b0, uint b1) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col" MMA_TYPES " {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

inline ulong shared_address(__local const void* p) {
    return (ulong) p;
}

inline void ldmatrix_x4(uint r[4], __local const ushort* p) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "l"(shared_address(p)));
}

inline void ldmatrix_x4_trans(uint r[4], __local const ushort* p) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "l"(shared_address(p)));
}

/** Copies 16 bytes global -> local asynchronously; zero-fills them when valid is false. */
inline void cp_async16(__local ushort* dst, const __global ushort* src, bool valid) {
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;"
                 :: "l"(shared_address(dst)), "l"((ulong) src), "r"(valid ? 16 : 0) : "memory");
}

inline void cp_async_commit(void) {
    asm volatile("cp.async.commit_group;" ::: "memory");
}

inline void cp_async_wait_all(void) {
    asm volatile("cp.async.wait_group 0;" ::: "memory");
}

inline float shuffle_xor(float v, int lane_mask) {
    float r;
    asm volatile("shfl.sync.bfly.b32 %0, %1, %2, 0x1f, 0xffffffff;" : "=f"(r) : "f"(v), "r"(lane_mask));
    return r;
}

/** Whether pred holds on any lane of the warp (every lane must take part): CUDA's __any_sync. */
inline bool warp_any(bool pred) {
    uint r;
    asm volatile("{\n\t.reg .pred p, q;\n\tsetp.ne.u32 p, %1, 0;\n\t"
                 "vote.sync.any.pred q, p, 0xffffffff;\n\tselp.u32 %0, 1, 0, q;\n\t}"
                 : "=r"(r) : "r"((uint) pred));
    return r != 0;
}

/** 2^x on the special-function unit (what CUDA's exp2f compiles to); 2^-inf = 0. */
inline float fast_exp2(float x) {
    float r;
    asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(r) : "f"(x));
    return r;
}

/** Two f32 values rounded to the element type and packed, lo in the low half. */
inline uint pack_pair(float lo, float hi) {
    uint r;
    asm(CVT_PAIR " %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
}

inline void atomic_add_global(__global float* p, float v) {
    asm volatile("red.global.add.f32 [%0], %1;" :: "l"((ulong) p), "f"(v) : "memory");
}

inline int warp_lane(void) {
    return (int) get_local_id(0) & 31;
}

inline int warp_index(void) {
    return (int) get_local_id(0) >> 5;
}

/**
 * One step of a butterfly sum over the lanes that differ in lane bit mask: the lane keeps the half of
 * v[0, 2 count) its mask bit selects, adds its partner's copy of that half and leaves the result in
 * v[0, count). count == 0 adds the partner's v[0] to v[0] instead.
 */
__attribute__((always_inline)) inline void fold_half(float* v, const int count, const int mask) {
    if (count == 0) {
        v[0] += shuffle_xor(v[0], mask);
        return;
    }
    const bool upper = (warp_lane() & mask) != 0;
#pragma unroll
    for (int i = 0; i < count; i++) {
        const float lo = v[i], hi = v[i + count];
        v[i] = (upper ? hi : lo) + shuffle_xor(upper ? lo : hi, mask);
    }
}

/**
 * The fragments of this warp's 16 query rows, read from a tile staged in local memory (rows of stride
 * elements) into registers, where they stay for the whole key loop.
 */
__attribute__((always_inline)) inline void load_query_fragments(uint qa[HEAD_DIM / 16][4], __local const ushort* staged, int stride) {
    const int mi = warp_lane() >> 3, mr = warp_lane() & 7;
#pragma unroll
    for (int kk = 0; kk < HEAD_DIM / 16; kk++) {
        ldmatrix_x4(qa[kk], staged + (warp_index() * 16 + (mi & 1) * 8 + mr) * stride + kk * 16 + (mi >> 1) * 8);
    }
}

/**
 * s += Q K^T for this warp's 16 query rows (fragments qa) against a tile of key_tile keys in local
 * memory (rows of stride elements); s[n] is the 16x8 block of keys 8n..8n+7.
 */
__attribute__((always_inline)) inline void score_tile(float s[][4], const uint qa[HEAD_DIM / 16][4], __local const ushort* keys, int stride,
                       const int key_tile) {
    const int mi = warp_lane() >> 3, mr = warp_lane() & 7;
#pragma unroll
    for (int kk = 0; kk < HEAD_DIM / 16; kk++) {
#pragma unroll
        for (int n = 0; n < key_tile / 8; n += 2) {
            uint b[4];
            ldmatrix_x4(b, keys + (n * 8 + (mi >> 1) * 8 + mr) * stride + kk * 16 + (mi & 1) * 8);
            mma16816(s[n], qa[kk], b[0], b[1]);
            mma16816(s[n + 1], qa[kk], b[2], b[3]);
        }
    }
}

/** Copies rows [0, valid) of HEAD_DIM 16-bit elements into a padded local tile; rows past valid up to rows are zeroed. */
inline void load_rows_async(__local ushort* dst, const __global ushort* src, int rows, int valid, int stride) {
    const int chunks = HEAD_DIM / 8;
    for (int c = (int) get_local_id(0); c < rows * chunks; c += (int) get_local_size(0)) {
        const int r = c / chunks, col = (c % chunks) * 8;
        const bool ok = r < valid;
        cp_async16(dst + r * stride + col, ok ? src + (ulong) r * HEAD_DIM + col : src, ok);
    }
}
