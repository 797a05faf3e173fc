// Row re-layout, launched by HeadDimPadding: copies rows of srcWidth elements into rows of dstWidth,
// zero-filling the columns the source lacks. Widening q, k and v of a head dim without tile kernels
// (d = 80, say) to the next one with them (96) lets the tile kernels run it: zero columns add nothing
// to q.k, and the output's extra columns, weighted sums of zeros, are cut off by the same kernel.
// Elements are copied as 16- or 32-bit words, whatever their dtype.
#include <cstdint>

template <typename Word>
__device__ void resizeRows(const Word* src, int srcWidth, Word* dst, int dstWidth, long long rows) {
    long long n = rows * dstWidth;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        long long row = i / dstWidth;
        int col = (int)(i - row * dstWidth);
        dst[i] = col < srcWidth ? src[row * srcWidth + col] : Word(0);
    }
}

extern "C" __global__ void resize_rows_b16(const uint16_t* src, int srcWidth, uint16_t* dst, int dstWidth,
                                           long long rows) {
    resizeRows(src, srcWidth, dst, dstWidth, rows);
}

extern "C" __global__ void resize_rows_b32(const uint32_t* src, int srcWidth, uint32_t* dst, int dstWidth,
                                           long long rows) {
    resizeRows(src, srcWidth, dst, dstWidth, rows);
}
