// Loads and stores of the three storage types (DType ordinals); all arithmetic is f32.
// f16 goes through vload_half / vstore_half_rte, which OpenCL C provides without cl_khr_fp16;
// bf16 is the upper half of an f32, widened by a shift and narrowed with round-to-nearest-even.
#define DTYPE_F32 0
#define DTYPE_F16 1
#define DTYPE_BF16 2

inline float load_element(const __global uchar* base, int dtype, ulong index) {
    if (dtype == DTYPE_F32) {
        return ((const __global float*) base)[index];
    }
    if (dtype == DTYPE_F16) {
        return vload_half(index, (const __global half*) base);
    }
    return as_float(((uint) ((const __global ushort*) base)[index]) << 16);
}

inline void store_element(__global uchar* base, int dtype, ulong index, float value) {
    if (dtype == DTYPE_F32) {
        ((__global float*) base)[index] = value;
    } else if (dtype == DTYPE_F16) {
        vstore_half_rte(value, index, (__global half*) base);
    } else {
        uint bits = as_uint(value);
        uint narrowed = (bits & 0x7fffffffu) > 0x7f800000u
                ? (bits >> 16) | 0x0040u                      // NaN stays a quiet NaN
                : (bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16; // round half to even
        ((__global ushort*) base)[index] = (ushort) narrowed;
    }
}
