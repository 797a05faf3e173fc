// Stage 3 and the dense baseline: tiled attention with an online softmax. A work-group takes
// ATTEND_ROWS consecutive query rows of one q-head with two work-items per row, each holding half of
// the row's query and accumulator as float4s (so that both fit in registers at head dim 128); the
// halves' partial scores meet in local memory. Keys stream through local memory in tiles.
//   gather_columns  copies each sparse head's selected K/V rows (of its kv-head) into contiguous
//                   f32 buffers once, so that they stream like a dense block;
//   attend          per q-head: counts[h] < 0 means dense (every visible key); otherwise the head's
//                   gathered columns outside the window, then the window W(i) = (p - w, p] itself.
// Each key of K(i) = W(i) + {selected j outside W(i) that row i sees} is visited exactly once.
// Compiled with HEAD_DIM, PADDED_DIM (HEAD_DIM rounded up to a multiple of 8), ATTEND_ROWS and
// ATTEND_KEY_TILE.

__kernel void gather_columns(const __global uchar* k, const __global uchar* v, int dtype, int nk, int group,
                             const __global int* columns, const __global int* offsets, const __global int* counts,
                             __global float* gk, __global float* gv) {
    const int c = get_global_id(0), h = get_global_id(1);
    if (c >= counts[h]) {
        return;
    }
    const int o = offsets[h] + c;
    const ulong src = ((ulong) (h / group) * nk + columns[o]) * HEAD_DIM;
    const ulong dst = (ulong) o * HEAD_DIM;
    for (int d = 0; d < HEAD_DIM; d++) {
        gk[dst + d] = load_element(k, dtype, src + d);
        gv[dst + d] = load_element(v, dtype, src + d);
    }
}

#define ROW4 (PADDED_DIM / 4)
#define HALF4 (PADDED_DIM / 8)

// Folds one tile of keys into a half row's running max m, sum l and accumulator acc; s holds the
// tile's scaled scores, -INFINITY where a key is masked (both halves of a row see the same s).
inline void fold_tile(float s[ATTEND_KEY_TILE], int tile, __local const float4 vt[ATTEND_KEY_TILE][ROW4],
                      int half_offset, float4 acc[HALF4], float* m, float* l) {
    float tile_max = -INFINITY;
#pragma unroll
    for (int t = 0; t < ATTEND_KEY_TILE; t++) {
        if (t < tile) {
            tile_max = fmax(tile_max, s[t]);
        }
    }
    if (tile_max == -INFINITY) {
        return;
    }
    const float m_new = fmax(*m, tile_max);
    const float correction = exp(*m - m_new);
    // each tile is summed on its own and then added to the running sums, so that a row's rounding
    // grows with its number of tiles, not of keys (one chain over 32K keys cost 3e-5 relative in f32)
    float tile_sum = 0.0f;
#pragma unroll
    for (int t = 0; t < ATTEND_KEY_TILE; t++) {
        if (t < tile) {
            s[t] = exp(s[t] - m_new);
            tile_sum += s[t];
        }
    }
#pragma unroll
    for (int u = 0; u < HALF4; u++) {
        float4 a = (float4) (0.0f);
#pragma unroll
        for (int t = 0; t < ATTEND_KEY_TILE; t++) {
            if (t < tile) {
                a = fma((float4) (s[t]), vt[t][half_offset + u], a);
            }
        }
        acc[u] = fma(acc[u], (float4) (correction), a);
    }
    *m = m_new;
    *l = fma(*l, correction, tile_sum);
}

// Whether row (lo, hi, visible_end) takes key j: from the gathered columns, those outside its window
// that it sees; from the contiguous range, those inside [lo, hi).
inline bool accepts(bool gathered, int j, int lo, int hi, int visible_end) {
    return gathered ? j < lo || (j >= hi && j < visible_end) : j >= lo && j < hi;
}

// This half row's partial dot product with one key of the tile.
inline float half_dot(const float4 qh[HALF4], __local const float4* key, int half_offset) {
    float4 a = (float4) (0.0f);
#pragma unroll
    for (int u = 0; u < HALF4; u++) {
        a = fma(qh[u], key[half_offset + u], a);
    }
    return (a.x + a.y) + (a.z + a.w);
}

// The row's full scores of a tile: the two halves' partial products added, -INFINITY where masked.
inline void combine_halves(float s[ATTEND_KEY_TILE], int tile, __local const float partial[2][ATTEND_KEY_TILE][ATTEND_ROWS],
                           int r, bool gathered, __local const int* key_of, int k0, int lo, int hi, int visible_end) {
#pragma unroll
    for (int t = 0; t < ATTEND_KEY_TILE; t++) {
        if (t < tile) {
            const int j = gathered ? key_of[t] : k0 + t;
            s[t] = accepts(gathered, j, lo, hi, visible_end) ? partial[0][t][r] + partial[1][t][r] : -INFINITY;
        }
    }
}

// Scores of one tile: each half row writes its partial dot products to local memory (skipping masked
// keys), then every work-item adds its row's two halves.
#define SCORE_TILE(GATHERED, K0)                                                                     \
    for (int t = 0; t < tile; t++) {                                                                 \
        const int j = GATHERED ? key_of[t] : (K0) + t;                                               \
        partial[side][t][r] = accepts(GATHERED, j, lo, hi, visible_end)                              \
                ? half_dot(qh, kt[t], half_offset) : 0.0f;                                           \
    }                                                                                                \
    barrier(CLK_LOCAL_MEM_FENCE);                                                                    \
    combine_halves(s, tile, partial, r, GATHERED, key_of, K0, lo, hi, visible_end);

// Copies rows [0, tile) of HEAD_DIM floats (loaded by LOAD(index)) into a float4 tile, zero-padded.
#define LOAD_TILE(TILE, LOAD)                                                                        \
    for (int e = lid; e < tile * PADDED_DIM; e += 2 * ATTEND_ROWS) {                                 \
        const int t = e / PADDED_DIM, c = e % PADDED_DIM;                                            \
        ((__local float*) TILE)[e] = c < HEAD_DIM ? LOAD((ulong) t * HEAD_DIM + c) : 0.0f;           \
    }

__kernel __attribute__((reqd_work_group_size(2 * ATTEND_ROWS, 1, 1)))
void attend(const __global uchar* q, const __global uchar* k, const __global uchar* v, int dtype,
            __global uchar* out, int nq, int nk, int group, float scale, int causal, int window,
            const __global int* columns, const __global int* offsets, const __global int* counts,
            const __global float* gk, const __global float* gv) {
    const int lid = get_local_id(0), h = get_global_id(1);
    const int r = lid % ATTEND_ROWS, side = lid / ATTEND_ROWS, half_offset = side * HALF4;
    const int first_row = (int) get_group_id(0) * ATTEND_ROWS;
    const int last_row = min(nq, first_row + ATTEND_ROWS) - 1;
    const int i = first_row + r;
    const bool active = i < nq;
    const int row = active ? i : last_row;
    const int kvh = h / group;
    const int p = nk - nq + row, p_first = nk - nq + first_row, p_last = nk - nq + last_row;
    const int count = counts[h];
    const bool dense = count < 0;
    const int visible_end = causal ? p + 1 : nk;
    // the contiguous key range this row reads: every visible key (dense) or its window (sparse)
    const int lo = dense ? 0 : max(0, p - window + 1);
    const int hi = dense ? visible_end : p + 1;

    __local float4 kt[ATTEND_KEY_TILE][ROW4];
    __local float4 vt[ATTEND_KEY_TILE][ROW4];
    __local float partial[2][ATTEND_KEY_TILE][ATTEND_ROWS];
    __local int key_of[ATTEND_KEY_TILE];
    float4 qh[HALF4], acc[HALF4];
    float s[ATTEND_KEY_TILE];
    const ulong qbase = ((ulong) h * nq + row) * HEAD_DIM;
#pragma unroll
    for (int u = 0; u < HALF4; u++) {
        float lane[4];
        for (int e = 0; e < 4; e++) {
            const int c = (half_offset + u) * 4 + e;
            lane[e] = c < HEAD_DIM ? load_element(q, dtype, qbase + c) * scale : 0.0f;
        }
        qh[u] = (float4) (lane[0], lane[1], lane[2], lane[3]);
        acc[u] = (float4) (0.0f);
    }
    float m = -INFINITY, l = 0.0f;

    if (!dense) {
        const int offset = offsets[h];
        // when causal, a column at or past the last row's window start is never outside-and-visible
        const int limit = causal ? max(0, p_last - window + 1) : nk;
        for (int c0 = 0; c0 < count && columns[offset + c0] < limit; c0 += ATTEND_KEY_TILE) {
            const int tile = min(ATTEND_KEY_TILE, count - c0);
            const __global float* gk_tile = gk + (ulong) (offset + c0) * HEAD_DIM;
            const __global float* gv_tile = gv + (ulong) (offset + c0) * HEAD_DIM;
#define LOAD_GK(x) gk_tile[x]
#define LOAD_GV(x) gv_tile[x]
            LOAD_TILE(kt, LOAD_GK)
            LOAD_TILE(vt, LOAD_GV)
            for (int t = lid; t < tile; t += 2 * ATTEND_ROWS) {
                key_of[t] = columns[offset + c0 + t];
            }
            barrier(CLK_LOCAL_MEM_FENCE);
            SCORE_TILE(true, 0)
            fold_tile(s, tile, vt, half_offset, acc, &m, &l);
            barrier(CLK_LOCAL_MEM_FENCE);
        }
    }

    const int range_start = dense ? 0 : max(0, p_first - window + 1);
    const int range_end = dense && !causal ? nk : p_last + 1;
    for (int k0 = range_start; k0 < range_end; k0 += ATTEND_KEY_TILE) {
        const int tile = min(ATTEND_KEY_TILE, range_end - k0);
        const ulong kbase = ((ulong) kvh * nk + k0) * HEAD_DIM;
#define LOAD_K(x) load_element(k, dtype, kbase + (x))
#define LOAD_V(x) load_element(v, dtype, kbase + (x))
        LOAD_TILE(kt, LOAD_K)
        LOAD_TILE(vt, LOAD_V)
        barrier(CLK_LOCAL_MEM_FENCE);
        SCORE_TILE(false, k0)
        fold_tile(s, tile, vt, half_offset, acc, &m, &l);
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    if (active) {
        const float inv = 1.0f / l;
#pragma unroll
        for (int u = 0; u < HALF4; u++) {
            const float lane[4] = {acc[u].x, acc[u].y, acc[u].z, acc[u].w};
            for (int e = 0; e < 4; e++) {
                const int c = (half_offset + u) * 4 + e;
                if (c < HEAD_DIM) {
                    store_element(out, dtype, qbase + c, lane[e] * inv);
                }
            }
        }
    }
}
