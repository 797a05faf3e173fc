// Stage 3 and the dense baseline on NVIDIA tensor cores (tensor_cores.cl), the structure of the CUDA
// backend's mma.sync attention kernel (attention.cu): a work-group of four warps takes 64 query rows of
// one q-head (16 rows a warp, its Q fragments in registers), key tiles of ATTEND_KEY_TILE rows are
// double-buffered through cp.async with one barrier per tile, S = Q K^T and O += P V run on mma.sync
// m16n8k16 with f32 accumulators and an online softmax in registers that rescales O only when a row's
// maximum grows by more than 2^RESCALE_SLACK (both as in attention_sm90a.cu). A tile visits two key
// sources, each key once: (A) the head's selected columns, gathered once into contiguous 16-bit buffers
// in ascending key order, and (B) a contiguous range of the original keys: the window (p - w, p] of the
// tile's rows for a sparse head, every visible key for a dense one. Masks are evaluated only for key
// tiles that straddle a boundary.
// counts[h] < 0 marks a head that runs dense. Compiled with HEAD_DIM (a multiple of 16) and
// ATTEND_KEY_TILE (16, 32 or 64, what the device's local memory holds).

#define MMA_WARPS 4
#define MMA_ROWS (16 * MMA_WARPS)
#define ROW_STRIDE (HEAD_DIM + 8) // 16 bytes of padding per row: conflict-free ldmatrix
#define ATTEND_TILE_ELEMENTS (ATTEND_KEY_TILE * ROW_STRIDE)
// K and V, two stages each; the query tile is staged through the same memory before the key loop
#define ATTEND_LOCAL_ROWS (4 * ATTEND_KEY_TILE > MMA_ROWS ? 4 * ATTEND_KEY_TILE : MMA_ROWS)
#define RESCALE_SLACK 8.0f // log2 of how far a row's exponentials may exceed 1 before O is rescaled

// Copies each sparse head's selected K and V rows (of its kv-head) into contiguous buffers, as they are.
__kernel void gather_rows(const __global ushort* k, const __global ushort* v, int nk, int group,
                          const __global int* columns, const __global int* offsets, const __global int* counts,
                          __global ushort* gk, __global ushort* gv) {
    const int c = get_group_id(0), h = get_group_id(1);
    if (c >= counts[h]) {
        return;
    }
    const int o = offsets[h] + c;
    const ulong src = ((ulong) (h / group) * nk + columns[o]) * HEAD_DIM;
    const ulong dst = (ulong) o * HEAD_DIM;
    for (int e = get_local_id(0); e < HEAD_DIM; e += get_local_size(0)) {
        gk[dst + e] = k[src + e];
        gv[dst + e] = v[src + e];
    }
}

// The key sources and mask tests below are those of backend-cuda's key_sources.cuh, in OpenCL C: a fix
// to one belongs in the other.

/** Column j outside row p's window: before it, or (non-causal only) after the row's position. */
inline bool column_visible(int j, int p, int w, int causal) {
    return j <= p - w || (!causal && j > p);
}

inline bool range_visible(int j, int p, int w, int causal, bool sparse) {
    return sparse ? (j > p - w && j <= p) : (!causal || j <= p);
}

/** Number of ascending columns that are <= limit. */
inline int count_at_most(const __global int* columns, int n, int limit) {
    int lo = 0, hi = n;
    while (lo < hi) {
        const int mid = (lo + hi) >> 1;
        if (columns[mid] <= limit) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

__kernel __attribute__((reqd_work_group_size(32 * MMA_WARPS, 1, 1)))
void attend_mma(const __global ushort* q, const __global ushort* k, const __global ushort* v, __global ushort* out,
                int nq, int nk, int group, float scale_log2, int causal, int w,
                const __global int* columns, const __global int* offsets, const __global int* counts,
                const __global ushort* gk, const __global ushort* gv) {
    __local ushort smem[ATTEND_LOCAL_ROWS * ROW_STRIDE] __attribute__((aligned(16)));
    __local int key_of[2 * ATTEND_KEY_TILE];
    __local ushort* ks = smem;                             // two stages
    __local ushort* vs = smem + 2 * ATTEND_TILE_ELEMENTS;  // two stages

    const int lane = warp_lane(), warp = warp_index();
    const int gq = lane >> 2, tq = lane & 3;
    const int h = get_group_id(1);
    const int tile = causal ? (int) get_num_groups(0) - 1 - (int) get_group_id(0) : (int) get_group_id(0);
    const int i0 = tile * MMA_ROWS;
    const int rows = min(MMA_ROWS, nq - i0);
    const int kvh = h / group;
    const int pmin = nk - nq + i0, pmax = pmin + rows - 1;

    // the key sources of rows [pmin, pmax]
    const int count = counts[h];
    const bool sparse = count >= 0;
    const int column_base = sparse ? offsets[h] : 0;
    const int column_count = !sparse ? 0 : causal ? count_at_most(columns + column_base, count, pmax - w) : count;
    const int lo = sparse ? max(0, pmin - w + 1) : 0;
    const int hi = sparse || causal ? pmax + 1 : nk;
    const int blocks_a = (column_count + ATTEND_KEY_TILE - 1) / ATTEND_KEY_TILE;
    const int blocks = blocks_a + (hi - lo + ATTEND_KEY_TILE - 1) / ATTEND_KEY_TILE;
    const __global ushort* k_head = k + (ulong) kvh * nk * HEAD_DIM;
    const __global ushort* v_head = v + (ulong) kvh * nk * HEAD_DIM;

    uint qa[HEAD_DIM / 16][4];
    load_rows_async(smem, q + ((ulong) h * nq + i0) * HEAD_DIM, MMA_ROWS, rows, ROW_STRIDE);
    cp_async_commit();
    cp_async_wait_all();
    barrier(CLK_LOCAL_MEM_FENCE);
    load_query_fragments(qa, smem, ROW_STRIDE);
    barrier(CLK_LOCAL_MEM_FENCE);

#define ISSUE(B, STAGE)                                                                                      \
    if ((B) < blocks_a) {                                                                                    \
        const int first = (B) * ATTEND_KEY_TILE, valid = min(ATTEND_KEY_TILE, column_count - first);         \
        const ulong row = (ulong) column_base + first;                                                       \
        load_rows_async(ks + (STAGE) * ATTEND_TILE_ELEMENTS, gk + row * HEAD_DIM, ATTEND_KEY_TILE, valid, ROW_STRIDE); \
        load_rows_async(vs + (STAGE) * ATTEND_TILE_ELEMENTS, gv + row * HEAD_DIM, ATTEND_KEY_TILE, valid, ROW_STRIDE); \
        if ((int) get_local_id(0) < ATTEND_KEY_TILE) {                                                       \
            key_of[(STAGE) * ATTEND_KEY_TILE + get_local_id(0)] =                                            \
                    (int) get_local_id(0) < valid ? columns[row + get_local_id(0)] : 0;                      \
        }                                                                                                    \
    } else {                                                                                                 \
        const int first = lo + ((B) - blocks_a) * ATTEND_KEY_TILE, valid = min(ATTEND_KEY_TILE, hi - first); \
        load_rows_async(ks + (STAGE) * ATTEND_TILE_ELEMENTS, k_head + (ulong) first * HEAD_DIM, ATTEND_KEY_TILE, valid, ROW_STRIDE); \
        load_rows_async(vs + (STAGE) * ATTEND_TILE_ELEMENTS, v_head + (ulong) first * HEAD_DIM, ATTEND_KEY_TILE, valid, ROW_STRIDE); \
    }                                                                                                        \
    cp_async_commit();

    if (blocks > 0) {
        ISSUE(0, 0)
    }

    float o[HEAD_DIM / 8][4];
#pragma unroll
    for (int n = 0; n < HEAD_DIM / 8; n++) {
        o[n][0] = o[n][1] = o[n][2] = o[n][3] = 0.0f;
    }
    float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.0f, 0.0f};
    const int row_p[2] = {pmin + warp * 16 + gq, pmin + warp * 16 + gq + 8};
    const int mi = lane >> 3, mr = lane & 7;

    for (int b = 0; b < blocks; b++) {
        const int stage = b & 1;
        // One barrier per tile (hopper.cuh's startBlock): each work-item waits for its copies of tile b,
        // the only group in flight, the barrier makes the whole tile (and key_of) visible, and only then
        // is tile b + 1 issued into the other stage, whose readers (tile b - 1) are all past the barrier.
        cp_async_wait_all();
        barrier(CLK_LOCAL_MEM_FENCE);
        if (b + 1 < blocks) {
            ISSUE(b + 1, stage ^ 1)
        }
        __local const ushort* kt = ks + stage * ATTEND_TILE_ELEMENTS;
        __local const ushort* vt = vs + stage * ATTEND_TILE_ELEMENTS;

        float s[ATTEND_KEY_TILE / 8][4];
#pragma unroll
        for (int n = 0; n < ATTEND_KEY_TILE / 8; n++) {
            s[n][0] = s[n][1] = s[n][2] = s[n][3] = 0.0f;
        }
        score_tile(s, qa, kt, ROW_STRIDE, ATTEND_KEY_TILE);

        // masks, only where the tile straddles a boundary
        const bool in_columns = b < blocks_a;
        int first, valid;
        bool need_mask;
        if (in_columns) {
            first = b * ATTEND_KEY_TILE;
            valid = min(ATTEND_KEY_TILE, column_count - first);
            const int j_first = key_of[stage * ATTEND_KEY_TILE], j_last = key_of[stage * ATTEND_KEY_TILE + valid - 1];
            need_mask = valid < ATTEND_KEY_TILE || !(j_last <= pmin - w || (!causal && j_first > pmax));
        } else {
            first = lo + (b - blocks_a) * ATTEND_KEY_TILE;
            valid = min(ATTEND_KEY_TILE, hi - first);
            const int last = first + valid - 1;
            need_mask = valid < ATTEND_KEY_TILE || (sparse ? !(first > pmax - w && last <= pmin) : (causal && last > pmin));
        }
        if (need_mask) {
#pragma unroll
            for (int n = 0; n < ATTEND_KEY_TILE / 8; n++) {
#pragma unroll
                for (int e = 0; e < 4; e++) {
                    const int kk = n * 8 + tq * 2 + (e & 1);
                    const int p = row_p[e >> 1];
                    bool ok = kk < valid;
                    if (ok) {
                        ok = in_columns ? column_visible(key_of[stage * ATTEND_KEY_TILE + kk], p, w, causal)
                                        : range_visible(first + kk, p, w, causal, sparse);
                    }
                    if (!ok) {
                        s[n][e] = -INFINITY;
                    }
                }
            }
        }

        // Online softmax in the log2 domain: each work-item holds rows gq and gq + 8 of its warp's 16. A
        // row's reference m moves only when the tile's maximum passes it by more than RESCALE_SLACK: the
        // exponentials then stay below 2^RESCALE_SLACK (f32 accumulators and f16/bf16 P hold that easily),
        // the result is the same softmax, and most tiles skip rescaling O. The warp decides together, so
        // that the rescale is skipped as a whole or done for both its rows.
        float mx[2];
#pragma unroll
        for (int r = 0; r < 2; r++) {
            mx[r] = -INFINITY;
#pragma unroll
            for (int n = 0; n < ATTEND_KEY_TILE / 8; n++) {
                mx[r] = fmax(mx[r], fmax(s[n][2 * r], s[n][2 * r + 1]));
            }
            mx[r] = fmax(mx[r], shuffle_xor(mx[r], 1));
            mx[r] = fmax(mx[r], shuffle_xor(mx[r], 2)) * scale_log2;
        }
        if (warp_any(mx[0] > m[0] + RESCALE_SLACK || mx[1] > m[1] + RESCALE_SLACK)) {
#pragma unroll
            for (int r = 0; r < 2; r++) {
                const float m_new = fmax(m[r], mx[r]);
                const float correction = m_new == -INFINITY ? 1.0f : fast_exp2(m[r] - m_new);
                m[r] = m_new;
                l[r] *= correction;
#pragma unroll
                for (int n = 0; n < HEAD_DIM / 8; n++) {
                    o[n][2 * r] *= correction;
                    o[n][2 * r + 1] *= correction;
                }
            }
        }
#pragma unroll
        for (int r = 0; r < 2; r++) {
            const float base = m[r] == -INFINITY ? 0.0f : m[r];
            float sum = 0.0f;
#pragma unroll
            for (int n = 0; n < ATTEND_KEY_TILE / 8; n++) {
                s[n][2 * r] = fast_exp2(fma(s[n][2 * r], scale_log2, -base));
                s[n][2 * r + 1] = fast_exp2(fma(s[n][2 * r + 1], scale_log2, -base));
                sum += s[n][2 * r] + s[n][2 * r + 1];
            }
            l[r] += sum;
        }

        // O += P V
#pragma unroll
        for (int kc = 0; kc < ATTEND_KEY_TILE / 16; kc++) {
            const uint a[4] = {pack_pair(s[2 * kc][0], s[2 * kc][1]), pack_pair(s[2 * kc][2], s[2 * kc][3]),
                               pack_pair(s[2 * kc + 1][0], s[2 * kc + 1][1]),
                               pack_pair(s[2 * kc + 1][2], s[2 * kc + 1][3])};
#pragma unroll
            for (int dn = 0; dn < HEAD_DIM / 16; dn++) {
                uint bv[4];
                ldmatrix_x4_trans(bv, vt + (kc * 16 + (mi & 1) * 8 + mr) * ROW_STRIDE + dn * 16 + (mi >> 1) * 8);
                mma16816(o[2 * dn], a, bv[0], bv[1]);
                mma16816(o[2 * dn + 1], a, bv[2], bv[3]);
            }
        }
    }
#undef ISSUE

#pragma unroll
    for (int r = 0; r < 2; r++) {
        float sum = l[r];
        sum += shuffle_xor(sum, 1);
        sum += shuffle_xor(sum, 2);
        const int row = warp * 16 + gq + 8 * r;
        if (row < rows) {
            const float inv = 1.0f / sum;
            __global uint* out_row = (__global uint*) (out + ((ulong) h * nq + i0 + row) * HEAD_DIM);
#pragma unroll
            for (int n = 0; n < HEAD_DIM / 8; n++) {
                out_row[n * 4 + tq] = pack_pair(o[n][2 * r] * inv, o[n][2 * r + 1] * inv);
            }
        }
    }
}
