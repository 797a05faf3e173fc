// Stage 1, query-guided sampling (DESIGN.md section 4, step 1), in two passes over each sampled row
// so that no probability row is ever stored:
//   sample_row_stats      max and sum of exp of the row's scaled scores over the keys it sees;
//   sample_column_scores  one work-item per key: the block's probabilities on that key, split into
//                         residual mass R_b[j] and window-covered mass (partial sums per work-group);
//   reduce_covered        C0_b from those partial sums.
// Compiled with HEAD_DIM, PADDED_DIM (HEAD_DIM rounded up to a multiple of 8), KEY_TILE (keys per
// local tile) and ROW_TILE (query rows per local tile). Rows are float4s, zero-padded past HEAD_DIM,
// so that local-memory reads come four floats at a time and the loops over them unroll.

#define SAMPLE_ROW4 (PADDED_DIM / 4)

// Reads a zero-padded row of HEAD_DIM elements into private float4s, multiplied by factor.
inline void load_row4(const __global uchar* base, int dtype, ulong first, float factor, float4 row[SAMPLE_ROW4]) {
#pragma unroll
    for (int u = 0; u < SAMPLE_ROW4; u++) {
        float lane[4];
        for (int e = 0; e < 4; e++) {
            const int c = u * 4 + e;
            lane[e] = c < HEAD_DIM ? load_element(base, dtype, first + c) * factor : 0.0f;
        }
        row[u] = (float4) (lane[0], lane[1], lane[2], lane[3]);
    }
}

inline float dot_row4(const float4 a[SAMPLE_ROW4], __local const float4* b) {
    float4 sum = (float4) (0.0f);
#pragma unroll
    for (int u = 0; u < SAMPLE_ROW4; u++) {
        sum = fma(a[u], b[u], sum);
    }
    return (sum.x + sum.y) + (sum.z + sum.w);
}

// Copies rows of HEAD_DIM elements (rows x HEAD_DIM from first) into a zero-padded local float4 tile.
inline void load_tile4(const __global uchar* base, int dtype, ulong first, int rows, float factor,
                       __local float* tile, int lid, int wg) {
    for (int e = lid; e < rows * PADDED_DIM; e += wg) {
        const int t = e / PADDED_DIM, c = e % PADDED_DIM;
        tile[e] = c < HEAD_DIM ? load_element(base, dtype, first + (ulong) t * HEAD_DIM + c) * factor : 0.0f;
    }
}

__kernel void sample_row_stats(const __global uchar* q, const __global uchar* k, int dtype,
                               int nq, int nk, int group, float scale, int causal,
                               const __global int* block_start, const __global int* block_end, int block_stride,
                               __global float* row_max, __global float* row_sum) {
    const int lid = get_local_id(0), wg = get_local_size(0);
    const int b = get_global_id(1), h = get_global_id(2), nb = get_global_size(1);
    const int start = block_start[b], end = block_end[b];
    const int first = start + (int) get_group_id(0) * wg;
    if (first >= end) {
        return; // the whole work-group lies past this block's rows
    }
    const int last = min(end, first + wg) - 1;
    const int i = first + lid;
    const bool active = i < end;
    const int row = active ? i : last;
    const int kvh = h / group;
    const int p = nk - nq + row;
    const int visible = causal ? p + 1 : nk;
    const int group_end = causal ? nk - nq + last + 1 : nk;

    __local float4 ktile[KEY_TILE][SAMPLE_ROW4];
    float4 qr[SAMPLE_ROW4];
    load_row4(q, dtype, ((ulong) h * nq + row) * HEAD_DIM, scale, qr);
    float m = -INFINITY, l = 0.0f;
    for (int k0 = 0; k0 < group_end; k0 += KEY_TILE) {
        const int tile = min(KEY_TILE, group_end - k0);
        load_tile4(k, dtype, ((ulong) kvh * nk + k0) * HEAD_DIM, tile, 1.0f, (__local float*) ktile, lid, wg);
        barrier(CLK_LOCAL_MEM_FENCE);
        // the tile's own max and sum, merged into the row's afterwards, so that rounding grows with
        // the number of tiles rather than of keys
        float tile_max = -INFINITY, tile_sum = 0.0f;
        for (int t = 0; t < tile; t++) {
            if (k0 + t < visible) {
                const float s = dot_row4(qr, ktile[t]);
                if (s > tile_max) {
                    tile_sum = tile_sum * exp(tile_max - s) + 1.0f;
                    tile_max = s;
                } else {
                    tile_sum += exp(s - tile_max);
                }
            }
        }
        if (tile_max > -INFINITY) {
            const float m_new = fmax(m, tile_max);
            l = l * exp(m - m_new) + tile_sum * exp(tile_max - m_new);
            m = m_new;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (active) {
        const ulong o = ((ulong) h * nb + b) * block_stride + (i - start);
        row_max[o] = m;
        row_sum[o] = l;
    }
}

__kernel void sample_column_scores(const __global uchar* q, const __global uchar* k, int dtype,
                                   int nq, int nk, int group, float scale, int causal, int window,
                                   const __global int* block_start, const __global int* block_end, int block_stride,
                                   const __global float* row_max, const __global float* row_sum,
                                   __global float* residual, __global float* covered_partial,
                                   __local float* scratch) {
    const int lid = get_local_id(0), wg = get_local_size(0);
    const int j = get_global_id(0), b = get_global_id(1), h = get_global_id(2), nb = get_global_size(1);
    const int start = block_start[b], end = block_end[b];
    const int kvh = h / group;
    const bool active = j < nk;
    const ulong stats = ((ulong) h * nb + b) * block_stride;

    __local float4 qtile[ROW_TILE][SAMPLE_ROW4];
    __local float tmax[ROW_TILE], tsum[ROW_TILE];
    float4 kr[SAMPLE_ROW4];
    load_row4(k, dtype, ((ulong) kvh * nk + (active ? j : nk - 1)) * HEAD_DIM, 1.0f, kr);
    float res = 0.0f, cov = 0.0f;
    for (int r0 = start; r0 < end; r0 += ROW_TILE) {
        const int rows = min(ROW_TILE, end - r0);
        load_tile4(q, dtype, ((ulong) h * nq + r0) * HEAD_DIM, rows, scale, (__local float*) qtile, lid, wg);
        for (int t = lid; t < rows; t += wg) {
            tmax[t] = row_max[stats + (r0 - start) + t];
            tsum[t] = row_sum[stats + (r0 - start) + t];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        if (active) {
            for (int t = 0; t < rows; t++) {
                const int p = nk - nq + r0 + t;
                if (causal && j > p) {
                    continue;
                }
                const float s = dot_row4(kr, qtile[t]);
                const float prob = exp(s - tmax[t]) / tsum[t];
                if (j > p - window && j <= p) {
                    cov += prob;
                } else {
                    res += prob;
                }
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (active) {
        residual[((ulong) h * nb + b) * nk + j] = res;
    }
    scratch[lid] = cov;
    barrier(CLK_LOCAL_MEM_FENCE);
    if (lid == 0) {
        float total = 0.0f;
        for (int t = 0; t < wg; t++) {
            total += scratch[t];
        }
        covered_partial[((ulong) h * nb + b) * get_num_groups(0) + get_group_id(0)] = total;
    }
}

__kernel void reduce_covered(const __global float* covered_partial, int groups, __global float* covered) {
    const int b = get_global_id(0), h = get_global_id(1), nb = get_global_size(0);
    const ulong o = (ulong) h * nb + b;
    float total = 0.0f;
    for (int g = 0; g < groups; g++) {
        total += covered_partial[o * groups + g];
    }
    covered[o] = total;
}
