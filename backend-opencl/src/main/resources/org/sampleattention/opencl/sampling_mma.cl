// Stage 1 on NVIDIA tensor cores (tensor_cores.cl), after the CUDA backend's mma.sync sampling kernel
// (sampling.cu, with the reductions of sampled_rows.cuh). A work-group of four warps takes up to 64
// sampled rows of one block (16 rows a warp, Q fragments in registers) and streams every key they see
// in tiles of SAMPLE_KEY_TILE, double-buffered through cp.async with one barrier per tile (the column
// partials of pass 2 double-buffered too, each tile's added while the next one computes), with
// S = Q K^T on mma.sync in both passes. (The CUDA kernels compute pass 2 as S^T = K Q^T, summing each
// key's mass within a quad; that needs the Q tile in local memory beside two key tiles, more than the
// 48 KiB a work-group gets at head dim 128.) Two passes, so no probability row is ever stored:
//   pass 1: each row's softmax maximum and normaliser (log2 domain) into row_max / row_sum;
//   pass 2: exact probabilities of the keys outside the rows' windows, reduced over the work-group's
//           rows into the block's residual column scores R_b[j]; a row's probabilities sum to 1, so the
//           covered mass C0_b (keys inside the windows) is the row count less the residual added, and
//           the keys every row has in its window are skipped (as sampled_rows.cuh). Both are added
//           atomically, so they must be zero before the pass.
// Row statistics are indexed ((h * nb + b) * block_stride + row in block), as the portable kernels'.
// Compiled with HEAD_DIM (a multiple of 16) and SAMPLE_KEY_TILE (16, 32 or 64, what local memory holds).

#define SAMPLE_TILE_ELEMENTS (SAMPLE_KEY_TILE * ROW_STRIDE)
#define SAMPLE_LOCAL_ROWS (2 * SAMPLE_KEY_TILE > MMA_ROWS ? 2 * SAMPLE_KEY_TILE : MMA_ROWS)
#define SAMPLE_PARTIALS (MMA_WARPS * SAMPLE_KEY_TILE) // one stage of column partials: [warp][key]
#define RESCALE_SUM 256.0f // pass 1 keeps a shift while a tile's exponentials at it sum to at most 2^8

/**
 * Adds the column partials of the tile of keys [first, first + SAMPLE_KEY_TILE), summed over the warps,
 * to the block's residual scores: work-item t < SAMPLE_KEY_TILE takes key first + t. Returns what it
 * added.
 */
inline float add_column_partials(__local const float* part, int first, int end, __global float* residual_b) {
    const int t = get_local_id(0);
    float x = 0.0f;
    if (t < SAMPLE_KEY_TILE && first + t < end) {
#pragma unroll
        for (int v = 0; v < MMA_WARPS; v++) {
            x += part[v * SAMPLE_KEY_TILE + t];
        }
        if (x != 0.0f) {
            atomic_add_global(residual_b + first + t, x);
        }
    }
    return x;
}

__kernel __attribute__((reqd_work_group_size(32 * MMA_WARPS, 1, 1)))
void sample_mma(int pass, const __global ushort* q, const __global ushort* k, int nq, int nk, int group,
                float scale_log2, int causal, int w, const __global int* block_start, const __global int* block_end,
                int block_stride, int tiles_per_block, __global float* row_max, __global float* row_sum,
                __global float* residual, __global float* covered) {
    __local ushort ks[SAMPLE_LOCAL_ROWS * ROW_STRIDE] __attribute__((aligned(16))); // two stages
    __local float column_part[2 * SAMPLE_PARTIALS] __attribute__((aligned(16))); // two stages

    const int lane = warp_lane(), warp = warp_index();
    const int gq = lane >> 2, tq = lane & 3;
    const int h = get_group_id(1), nb = (int) get_num_groups(0) / tiles_per_block;
    // blocks further down see more keys when causal: start them first, so no long one runs alone at the end
    const int g = causal ? (int) get_num_groups(0) - 1 - (int) get_group_id(0) : (int) get_group_id(0);
    const int b = g / tiles_per_block;
    const int start = block_start[b];
    const int i0 = start + (g % tiles_per_block) * MMA_ROWS;
    const int rows = min(MMA_ROWS, block_end[b] - i0);
    if (rows <= 0) {
        return; // this block has fewer rows than the longest one
    }
    const int kvh = h / group;
    const int pmin = nk - nq + i0, pmax = pmin + rows - 1;
    // pass 2 (causal) visits only the keys outside some row's window, j <= p - w
    const int end = pass == 2 && causal ? max(0, pmax - w + 1) : causal ? pmax + 1 : nk;
    const int key_tiles = (end + SAMPLE_KEY_TILE - 1) / SAMPLE_KEY_TILE;
    const __global ushort* k_head = k + (ulong) kvh * nk * HEAD_DIM;

    uint qa[HEAD_DIM / 16][4];
    load_rows_async(ks, q + ((ulong) h * nq + i0) * HEAD_DIM, MMA_ROWS, rows, ROW_STRIDE);
    cp_async_commit();
    cp_async_wait_all();
    barrier(CLK_LOCAL_MEM_FENCE);
    load_query_fragments(qa, ks, ROW_STRIDE);
    barrier(CLK_LOCAL_MEM_FENCE);

#define ISSUE(KB, STAGE)                                                                                     \
    {                                                                                                        \
        const int first = (KB) * SAMPLE_KEY_TILE;                                                            \
        load_rows_async(ks + (STAGE) * SAMPLE_TILE_ELEMENTS, k_head + (ulong) first * HEAD_DIM, SAMPLE_KEY_TILE, \
                        min(SAMPLE_KEY_TILE, end - first), ROW_STRIDE);                                      \
        cp_async_commit();                                                                                   \
    }
    ISSUE(0, 0)

    int local_row[2], row_p[2];
    bool row_ok[2];
    float m[2], l[2], max_of[2], inv_of[2];
    const ulong stats = ((ulong) h * nb + b) * block_stride + (i0 - start);
#pragma unroll
    for (int r = 0; r < 2; r++) {
        local_row[r] = warp * 16 + gq + 8 * r;
        row_p[r] = pmin + local_row[r];
        row_ok[r] = local_row[r] < rows;
        m[r] = -INFINITY;
        l[r] = 0.0f;
        max_of[r] = 0.0f;
        inv_of[r] = 0.0f;
        if (pass == 2 && row_ok[r]) {
            max_of[r] = row_max[stats + local_row[r]];
            inv_of[r] = 1.0f / row_sum[stats + local_row[r]];
        }
    }
    float added = 0.0f; // pass 2: what this work-item added to the residual scores
    __global float* residual_b = residual + ((ulong) h * nb + b) * nk;

    for (int kb = 0; kb < key_tiles; kb++) {
        const int stage = kb & 1;
        // One barrier per tile (hopper.cuh's startBlock): each work-item waits for its copies of tile kb,
        // the only group in flight, the barrier makes the whole tile visible, and only then is tile
        // kb + 1 issued into the other stage, whose readers (tile kb - 1) are all past the barrier.
        cp_async_wait_all();
        barrier(CLK_LOCAL_MEM_FENCE);
        if (kb + 1 < key_tiles) {
            ISSUE(kb + 1, stage ^ 1)
        }
        // pass 2: the previous tile's column partials were all written before the barrier; their stage
        // is written again only by the next tile, after the next barrier
        if (pass == 2 && kb > 0) {
            added += add_column_partials(column_part + (stage ^ 1) * SAMPLE_PARTIALS, (kb - 1) * SAMPLE_KEY_TILE,
                                         end, residual_b);
        }
        float s[SAMPLE_KEY_TILE / 8][4];
#pragma unroll
        for (int n = 0; n < SAMPLE_KEY_TILE / 8; n++) {
            s[n][0] = s[n][1] = s[n][2] = s[n][3] = 0.0f;
        }
        score_tile(s, qa, ks + stage * SAMPLE_TILE_ELEMENTS, ROW_STRIDE, SAMPLE_KEY_TILE);

        const int first = kb * SAMPLE_KEY_TILE;
        // pass 2 masks the keys in a row's window too, in the tiles that meet some row's window
        const bool near_window = pass == 2 && first + SAMPLE_KEY_TILE - 1 > pmin - w && first <= pmax;
        const bool need_mask = first + SAMPLE_KEY_TILE > end || (causal && first + SAMPLE_KEY_TILE - 1 > pmin)
                || rows < MMA_ROWS || near_window;
#pragma unroll
        for (int n = 0; n < SAMPLE_KEY_TILE / 8; n++) {
#pragma unroll
            for (int e = 0; e < 4; e++) {
                const int j = first + n * 8 + tq * 2 + (e & 1);
                const int r = e >> 1;
                const bool ok = !need_mask || (row_ok[r] && j < end && (!causal || j <= row_p[r])
                                               && !(near_window && j > row_p[r] - w && j <= row_p[r]));
                s[n][e] = ok ? s[n][e] * scale_log2 : -INFINITY;
            }
        }
        if (pass == 1) {
            // each work-item folds its own keys of a row, keeping its shift while the tile's exponentials
            // at that shift sum to at most 2^8 (as sampled_rows.cuh's foldStatistics); the quad's partial
            // pairs are merged after the last tile
#pragma unroll
            for (int r = 0; r < 2; r++) {
                if (m[r] != -INFINITY) {
                    float sum = 0.0f;
#pragma unroll
                    for (int n = 0; n < SAMPLE_KEY_TILE / 8; n++) {
                        sum += fast_exp2(s[n][2 * r] - m[r]) + fast_exp2(s[n][2 * r + 1] - m[r]);
                    }
                    if (sum <= RESCALE_SUM) {
                        l[r] += sum;
                        continue;
                    }
                }
                float mx = -INFINITY;
#pragma unroll
                for (int n = 0; n < SAMPLE_KEY_TILE / 8; n++) {
                    mx = fmax(mx, fmax(s[n][2 * r], s[n][2 * r + 1]));
                }
                const float m_new = fmax(m[r], mx);
                const float base = m_new == -INFINITY ? 0.0f : m_new;
                float sum = 0.0f;
#pragma unroll
                for (int n = 0; n < SAMPLE_KEY_TILE / 8; n++) {
                    sum += fast_exp2(s[n][2 * r] - base) + fast_exp2(s[n][2 * r + 1] - base);
                }
                l[r] = l[r] * fast_exp2(m[r] - base) + sum;
                m[r] = m_new;
            }
        } else {
            float v[SAMPLE_KEY_TILE / 4]; // v[2n + c]: column 8n + 2tq + c, this work-item's two rows summed
#pragma unroll
            for (int n = 0; n < SAMPLE_KEY_TILE / 8; n++) {
#pragma unroll
                for (int c = 0; c < 2; c++) {
                    v[2 * n + c] = fast_exp2(s[n][c] - max_of[0]) * inv_of[0] + fast_exp2(s[n][2 + c] - max_of[1]) * inv_of[1];
                }
            }
            // Sum over the 8 lanes that share tq (lane bits 2-4) by halving: at each step a lane keeps
            // half of its values, adds its partner's copy of that half and hands over the other half
            // (14 shuffles for 64 keys where summing every column across the 8 lanes takes 48). The
            // lane ends with v[2n + c] for 2n + c = x: 64 keys, x = 2gq + {0, 1} (columns
            // 8gq + 2tq + {0, 1}); 32 keys, x = gq; 16 keys, x = gq / 2, which lanes gq and gq ^ 1 both
            // hold (the last step adds instead of halving).
            fold_half(v, SAMPLE_KEY_TILE / 8, 16);
            fold_half(v, SAMPLE_KEY_TILE / 16, 8);
            fold_half(v, SAMPLE_KEY_TILE / 32, 4);
            __local float* part = column_part + stage * SAMPLE_PARTIALS + warp * SAMPLE_KEY_TILE;
#if SAMPLE_KEY_TILE == 64
            *(__local float2*) (part + 8 * gq + 2 * tq) = (float2) (v[0], v[1]);
#else
            const int x = SAMPLE_KEY_TILE == 32 ? gq : gq >> 1;
            if (SAMPLE_KEY_TILE == 32 || (gq & 1) == 0) {
                part[8 * (x >> 1) + 2 * tq + (x & 1)] = v[0];
            }
#endif
        }
    }
#undef ISSUE

    if (pass == 1) {
#pragma unroll
        for (int r = 0; r < 2; r++) {
            float m_row = fmax(m[r], shuffle_xor(m[r], 1));
            m_row = fmax(m_row, shuffle_xor(m_row, 2));
            float sum = m_row == -INFINITY ? 0.0f : l[r] * fast_exp2(m[r] - m_row);
            sum += shuffle_xor(sum, 1);
            sum += shuffle_xor(sum, 2);
            if (tq == 0 && row_ok[r]) {
                row_max[stats + local_row[r]] = m_row;
                row_sum[stats + local_row[r]] = sum;
            }
        }
    } else {
        // the last tile's column partials
        if (key_tiles > 0) {
            barrier(CLK_LOCAL_MEM_FENCE);
            const int last = key_tiles - 1;
            added += add_column_partials(column_part + (last & 1) * SAMPLE_PARTIALS, last * SAMPLE_KEY_TILE, end,
                                         residual_b);
        }
        // the covered mass: the rows less the residual the work-items below SAMPLE_KEY_TILE added
        added += shuffle_xor(added, 1);
        added += shuffle_xor(added, 2);
        added += shuffle_xor(added, 4);
        added += shuffle_xor(added, 8);
        added += shuffle_xor(added, 16);
        if (lane == 0 && warp * 32 < SAMPLE_KEY_TILE) {
            atomic_add_global(covered + (ulong) h * nb + b, (warp == 0 ? (float) rows : 0.0f) - added);
        }
    }
}
