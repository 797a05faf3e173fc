// Stage 3 and the dense baseline: tiled attention with an online softmax, one work-item per query
// row, a work-group per tile of consecutive rows of one q-head, keys streamed through local memory.
//   gather_columns  copies each sparse head's selected K/V rows (of its kv-head) into contiguous
//                   f32 buffers once, so that they stream like a dense block;
//   attend          per q-head: counts[h] < 0 means dense (every visible key); otherwise the head's
//                   gathered columns outside the window, then the window W(i) = (p - w, p] itself.
// Each key of K(i) = W(i) + {selected j outside W(i) that row i sees} is visited exactly once.
// Compiled with HEAD_DIM and KEY_TILE.

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

// Folds one tile of keys into a row's running max m, sum l and accumulator acc; s holds the tile's
// scaled scores, -INFINITY where the key is masked.
inline void fold_tile(float s[KEY_TILE], int tile, __local const float vt[KEY_TILE][HEAD_DIM],
                      float acc[HEAD_DIM], float* m, float* l) {
    float tile_max = -INFINITY;
    for (int t = 0; t < tile; t++) {
        tile_max = fmax(tile_max, s[t]);
    }
    if (tile_max == -INFINITY) {
        return;
    }
    const float m_new = fmax(*m, tile_max);
    const float correction = exp(*m - m_new);
    float sum = *l * correction;
    for (int t = 0; t < tile; t++) {
        s[t] = exp(s[t] - m_new);
        sum += s[t];
    }
    for (int c = 0; c < HEAD_DIM; c++) {
        float a = acc[c] * correction;
        for (int t = 0; t < tile; t++) {
            a = fma(s[t], vt[t][c], a);
        }
        acc[c] = a;
    }
    *m = m_new;
    *l = sum;
}

inline float dot_row(const float qr[HEAD_DIM], __local const float* kt) {
    float s = 0.0f;
    for (int c = 0; c < HEAD_DIM; c++) {
        s = fma(qr[c], kt[c], s);
    }
    return s;
}

__kernel void attend(const __global uchar* q, const __global uchar* k, const __global uchar* v, int dtype,
                     __global uchar* out, int nq, int nk, int group, float scale, int causal, int window,
                     const __global int* columns, const __global int* offsets, const __global int* counts,
                     const __global float* gk, const __global float* gv) {
    const int lid = get_local_id(0), wg = get_local_size(0), h = get_global_id(1);
    const int first_row = (int) get_group_id(0) * wg;
    const int last_row = min(nq, first_row + wg) - 1;
    const int i = first_row + lid;
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

    __local float kt[KEY_TILE][HEAD_DIM];
    __local float vt[KEY_TILE][HEAD_DIM];
    __local int key_of[KEY_TILE];
    float qr[HEAD_DIM], acc[HEAD_DIM], s[KEY_TILE];
    const ulong qbase = ((ulong) h * nq + row) * HEAD_DIM;
    for (int c = 0; c < HEAD_DIM; c++) {
        qr[c] = load_element(q, dtype, qbase + c) * scale;
        acc[c] = 0.0f;
    }
    float m = -INFINITY, l = 0.0f;

    if (!dense) {
        const int offset = offsets[h];
        // when causal, a column at or past the last row's window start is never outside-and-visible
        const int limit = causal ? max(0, p_last - window + 1) : nk;
        for (int c0 = 0; c0 < count && columns[offset + c0] < limit; c0 += KEY_TILE) {
            const int tile = min(KEY_TILE, count - c0);
            const ulong gbase = (ulong) (offset + c0) * HEAD_DIM;
            for (int e = lid; e < tile * HEAD_DIM; e += wg) {
                kt[e / HEAD_DIM][e % HEAD_DIM] = gk[gbase + e];
                vt[e / HEAD_DIM][e % HEAD_DIM] = gv[gbase + e];
            }
            for (int t = lid; t < tile; t += wg) {
                key_of[t] = columns[offset + c0 + t];
            }
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int t = 0; t < tile; t++) {
                const int j = key_of[t];
                const bool outside = j < lo || (j >= hi && j < visible_end);
                s[t] = outside ? dot_row(qr, kt[t]) : -INFINITY;
            }
            fold_tile(s, tile, vt, acc, &m, &l);
            barrier(CLK_LOCAL_MEM_FENCE);
        }
    }

    const int range_start = dense ? 0 : max(0, p_first - window + 1);
    const int range_end = dense && !causal ? nk : p_last + 1;
    for (int k0 = range_start; k0 < range_end; k0 += KEY_TILE) {
        const int tile = min(KEY_TILE, range_end - k0);
        const ulong kbase = ((ulong) kvh * nk + k0) * HEAD_DIM;
        for (int e = lid; e < tile * HEAD_DIM; e += wg) {
            kt[e / HEAD_DIM][e % HEAD_DIM] = load_element(k, dtype, kbase + e);
            vt[e / HEAD_DIM][e % HEAD_DIM] = load_element(v, dtype, kbase + e);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        // only tiles crossing the window start or the diagonal need the per-key mask
        const bool inside = k0 >= lo && k0 + tile <= hi;
        for (int t = 0; t < tile; t++) {
            const int j = k0 + t;
            s[t] = inside || (j >= lo && j < hi) ? dot_row(qr, kt[t]) : -INFINITY;
        }
        fold_tile(s, tile, vt, acc, &m, &l);
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    if (active) {
        const float inv = 1.0f / l;
        for (int c = 0; c < HEAD_DIM; c++) {
            store_element(out, dtype, qbase + c, acc[c] * inv);
        }
    }
}
