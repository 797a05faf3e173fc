// Stage 1, query-guided sampling (DESIGN.md section 4, step 1), in two passes over each sampled row
// so that no probability row is ever stored:
//   sample_row_stats      max and sum of exp of the row's scaled scores over the keys it sees;
//   sample_column_scores  one work-item per key: the block's probabilities on that key, split into
//                         residual mass R_b[j] and window-covered mass (partial sums per work-group);
//   reduce_covered        C0_b from those partial sums.
// Compiled with HEAD_DIM, KEY_TILE (keys per local tile) and ROW_TILE (query rows per local tile).

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

    __local float ktile[KEY_TILE][HEAD_DIM];
    float qr[HEAD_DIM];
    const ulong qbase = ((ulong) h * nq + row) * HEAD_DIM;
    for (int c = 0; c < HEAD_DIM; c++) {
        qr[c] = load_element(q, dtype, qbase + c) * scale;
    }
    float m = -INFINITY, l = 0.0f;
    for (int k0 = 0; k0 < group_end; k0 += KEY_TILE) {
        const int tile = min(KEY_TILE, group_end - k0);
        const ulong kbase = ((ulong) kvh * nk + k0) * HEAD_DIM;
        for (int e = lid; e < tile * HEAD_DIM; e += wg) {
            ktile[e / HEAD_DIM][e % HEAD_DIM] = load_element(k, dtype, kbase + e);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int t = 0; t < tile; t++) {
            if (k0 + t < visible) {
                float s = 0.0f;
                for (int c = 0; c < HEAD_DIM; c++) {
                    s = fma(qr[c], ktile[t][c], s);
                }
                if (s > m) {
                    l = l * exp(m - s) + 1.0f;
                    m = s;
                } else {
                    l += exp(s - m);
                }
            }
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

    __local float qtile[ROW_TILE][HEAD_DIM];
    __local float tmax[ROW_TILE], tsum[ROW_TILE];
    float kr[HEAD_DIM];
    const ulong kbase = ((ulong) kvh * nk + (active ? j : nk - 1)) * HEAD_DIM;
    for (int c = 0; c < HEAD_DIM; c++) {
        kr[c] = load_element(k, dtype, kbase + c);
    }
    float res = 0.0f, cov = 0.0f;
    for (int r0 = start; r0 < end; r0 += ROW_TILE) {
        const int rows = min(ROW_TILE, end - r0);
        const ulong qbase = ((ulong) h * nq + r0) * HEAD_DIM;
        for (int e = lid; e < rows * HEAD_DIM; e += wg) {
            qtile[e / HEAD_DIM][e % HEAD_DIM] = load_element(q, dtype, qbase + e) * scale;
        }
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
                float s = 0.0f;
                for (int c = 0; c < HEAD_DIM; c++) {
                    s = fma(qtile[t][c], kr[c], s);
                }
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
