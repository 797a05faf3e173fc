// Input checks, launched by DeviceInputs: the first non-finite element of a device tensor, so that a
// NaN or infinity is reported by position instead of silently poisoning every softmax it touches.
#include "common.cuh"

template <typename T>
__device__ void firstNonFinite(const T* data, long long n, unsigned long long* first) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        if (!isfinite(widen(data[i]))) atomicMin(first, (unsigned long long)i);
    }
}

extern "C" __global__ void first_nonfinite_f32(const float* d, long long n, unsigned long long* first) { firstNonFinite(d, n, first); }
extern "C" __global__ void first_nonfinite_f16(const f16* d, long long n, unsigned long long* first) { firstNonFinite(d, n, first); }
extern "C" __global__ void first_nonfinite_bf16(const bf16* d, long long n, unsigned long long* first) { firstNonFinite(d, n, first); }
