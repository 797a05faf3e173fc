// Stage 2, score-based filtering (DESIGN.md section 4, step 2), on the device:
//   init_order      total residual R[j] per column, padded to a power of two for the sort (block b's
//                   scores are zero from residual_end[b] on, ScoreLayout.residualEnd: not read);
//   bitonic_sort_local / bitonic_merge_global / bitonic_merge_local   a bitonic sort of each head's columns,
//                   by R descending, ties to the lower index: every stage up to one work-group's chunk in
//                   local memory, then per longer stage its strides >= the chunk in global memory, one
//                   launch each, and the shorter ones in local memory;
//   block_cut       per sampled block, the shortest prefix of that order reaching alpha * rows(b);
//   head_cut        per head, the longest of its blocks' prefixes, and the estimated coverage;
//   mark_selected / compact_marked   the prefix as ascending column indices;
//   pack_columns    every head's columns one after another, for one read by the host.
// Scores are [heads][blocks][nk]; nothing here depends on the head dim or the input dtype.

__kernel void init_order(const __global float* residual, const __global int* residual_end, int nb, int nk,
                         int padded, __global float* key, __global int* index) {
    const int t = get_global_id(0), h = get_global_id(1);
    if (t >= padded) {
        return;
    }
    float total = -1.0f; // padding sorts after every real column (totals are >= 0)
    if (t < nk) {
        total = 0.0f;
        for (int b = 0; b < nb; b++) {
            if (t < residual_end[b]) {
                total += residual[((ulong) h * nb + b) * nk + t];
            }
        }
    }
    key[(ulong) h * padded + t] = total;
    index[(ulong) h * padded + t] = t;
}

// whether (ka, ia) comes before (kb, ib): larger total first, then lower index
inline bool precedes(float ka, int ia, float kb, int ib) {
    return ka > kb || (ka == kb && ia < ib);
}

// whether the pair (i, i + stride) of stage `size` needs swapping: pairs with bit `size` of i clear
// put the preceding column first, the others last, so that each stage leaves bitonic runs of 2 * size
inline bool out_of_order(float ka, int ia, float kb, int ib, int i, int size) {
    return (i & size) == 0 ? precedes(kb, ib, ka, ia) : precedes(ka, ia, kb, ib);
}

// the lower entry of the t-th pair at this stride: t with a zero bit inserted at the stride's position,
// so that padded / 2 work-items cover every pair once and none idles
inline int pair_low(int t, int stride) {
    return 2 * t - (t & (stride - 1));
}

__kernel void bitonic_merge_global(__global float* key, __global int* index, int padded, int size, int stride) {
    const int t = get_global_id(0), h = get_global_id(1);
    const int i = pair_low(t, stride);
    const ulong a = (ulong) h * padded + i, b = a + stride;
    const float ka = key[a], kb = key[b];
    const int ia = index[a], ib = index[b];
    if (out_of_order(ka, ia, kb, ib, i, size)) {
        key[a] = kb;
        key[b] = ka;
        index[a] = ib;
        index[b] = ia;
    }
}

// The local kernels run in work-groups of n items over a chunk of 2n entries of one head (one pair per
// item and step), the chunk's position in the head fixing each pair's direction as in the global sort.

// copies the work-group's chunk into local memory, ready for the first step
inline void load_chunk(const __global float* key, const __global int* index, ulong start,
                       __local float* local_key, __local int* local_index) {
    const int t = get_local_id(0), n = get_local_size(0);
    local_key[t] = key[start + t];
    local_key[t + n] = key[start + t + n];
    local_index[t] = index[start + t];
    local_index[t + n] = index[start + t + n];
    barrier(CLK_LOCAL_MEM_FENCE);
}

// the steps of stage `size` from `stride` down to 1 on the chunk that starts at entry `first` of the head
inline void local_steps(__local float* local_key, __local int* local_index, int first, int size, int stride) {
    const int t = get_local_id(0);
    for (; stride > 0; stride >>= 1) {
        const int i = pair_low(t, stride), j = i + stride;
        const float ka = local_key[i], kb = local_key[j];
        const int ia = local_index[i], ib = local_index[j];
        if (out_of_order(ka, ia, kb, ib, first + i, size)) {
            local_key[i] = kb;
            local_key[j] = ka;
            local_index[i] = ib;
            local_index[j] = ia;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
}

// writes the chunk back; the last step's barrier has made every item's swaps visible
inline void store_chunk(const __local float* local_key, const __local int* local_index, ulong start,
                        __global float* key, __global int* index) {
    const int t = get_local_id(0), n = get_local_size(0);
    key[start + t] = local_key[t];
    key[start + t + n] = local_key[t + n];
    index[start + t] = local_index[t];
    index[start + t + n] = local_index[t + n];
}

// every stage up to the chunk's length, so that the global sort starts from sorted chunks
__kernel void bitonic_sort_local(__global float* key, __global int* index, int padded,
                                 __local float* local_key, __local int* local_index) {
    const int chunk = 2 * get_local_size(0), first = get_group_id(0) * chunk;
    const ulong start = (ulong) get_global_id(1) * padded + first;
    load_chunk(key, index, start, local_key, local_index);
    for (int size = 2; size <= chunk; size <<= 1) {
        local_steps(local_key, local_index, first, size, size >> 1);
    }
    store_chunk(local_key, local_index, start, key, index);
}

// the strides below the chunk of stage `size` (longer than the chunk), after its global steps
__kernel void bitonic_merge_local(__global float* key, __global int* index, int padded, int size,
                                  __local float* local_key, __local int* local_index) {
    const int chunk = 2 * get_local_size(0), first = get_group_id(0) * chunk;
    const ulong start = (ulong) get_global_id(1) * padded + first;
    load_chunk(key, index, start, local_key, local_index);
    local_steps(local_key, local_index, first, size, chunk >> 1);
    store_chunk(local_key, local_index, start, key, index);
}

__kernel void block_cut(const __global float* residual, const __global float* covered, const __global int* index,
                        const __global int* block_start, const __global int* block_end, float alpha,
                        int nk, int padded, __global int* cut, __local float* scan) {
    const int lid = get_local_id(0), wg = get_local_size(0);
    const int b = get_group_id(1), h = get_group_id(2), nb = get_num_groups(1);
    const float target = alpha * (float) (block_end[b] - block_start[b]);
    const ulong scores = ((ulong) h * nb + b) * nk;
    const ulong order = (ulong) h * padded;
    __local int found;
    float reached = covered[(ulong) h * nb + b];
    // alpha = 1 asks for every column with mass: f32 sums may round up to rows(b) before the last such
    // column, where exact sums reach it only at the end (or never), so take every column outright
    int result = alpha >= 1.0f ? nk : reached >= target ? 0 : -1;
    for (int t0 = 0; result < 0 && t0 < nk; t0 += wg) {
        const int t = t0 + lid;
        scan[lid] = t < nk ? residual[scores + index[order + t]] : 0.0f;
        if (lid == 0) {
            found = INT_MAX;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int offset = 1; offset < wg; offset <<= 1) {
            const float add = lid >= offset ? scan[lid - offset] : 0.0f;
            barrier(CLK_LOCAL_MEM_FENCE);
            scan[lid] += add;
            barrier(CLK_LOCAL_MEM_FENCE);
        }
        if (t < nk && reached + scan[lid] >= target) {
            atomic_min(&found, t);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        const int first = found;
        const float chunk = scan[wg - 1];
        barrier(CLK_LOCAL_MEM_FENCE); // every item has read scan and found before the next chunk
        if (first != INT_MAX) {
            result = first + 1;
        }
        reached += chunk;
    }
    if (lid == 0) {
        cut[(ulong) h * nb + b] = result < 0 ? nk : result;
    }
}

__kernel void head_cut(const __global int* cut, const __global float* covered, const __global float* key,
                       int nb, int padded, int total_rows, __global int* count, __global float* coverage,
                       __local float* scratch) {
    const int lid = get_local_id(0), wg = get_local_size(0), h = get_group_id(0);
    int taken = 0;
    float mass = 0.0f;
    for (int b = 0; b < nb; b++) {
        taken = max(taken, cut[(ulong) h * nb + b]);
    }
    for (int t = lid; t < taken; t += wg) {
        mass += key[(ulong) h * padded + t];
    }
    scratch[lid] = mass;
    barrier(CLK_LOCAL_MEM_FENCE);
    if (lid == 0) {
        float total = 0.0f;
        for (int b = 0; b < nb; b++) {
            total += covered[(ulong) h * nb + b];
        }
        for (int t = 0; t < wg; t++) {
            total += scratch[t];
        }
        count[h] = taken;
        coverage[h] = total / (float) total_rows;
    }
}

__kernel void mark_selected(const __global int* index, const __global int* count, int nk, int padded,
                            __global int* mark) {
    const int t = get_global_id(0), h = get_global_id(1);
    if (t < count[h]) {
        mark[(ulong) h * nk + index[(ulong) h * padded + t]] = 1;
    }
}

__kernel void compact_marked(const __global int* mark, int nk, __global int* columns, __local int* scan) {
    const int lid = get_local_id(0), wg = get_local_size(0), h = get_group_id(0);
    int base = 0;
    for (int t0 = 0; t0 < nk; t0 += wg) {
        const int t = t0 + lid;
        const int flag = t < nk ? mark[(ulong) h * nk + t] : 0;
        scan[lid] = flag;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int offset = 1; offset < wg; offset <<= 1) {
            const int add = lid >= offset ? scan[lid - offset] : 0;
            barrier(CLK_LOCAL_MEM_FENCE);
            scan[lid] += add;
            barrier(CLK_LOCAL_MEM_FENCE);
        }
        if (flag) {
            columns[(ulong) h * nk + base + scan[lid] - 1] = t;
        }
        const int chunk = scan[wg - 1];
        barrier(CLK_LOCAL_MEM_FENCE);
        base += chunk;
    }
}

// Head h's count[h] selected columns, copied to packed[] after the columns of the heads before it:
// the host then reads the whole plan in one transfer instead of one blocking read per head.
__kernel void pack_columns(const __global int* columns, const __global int* count, int nk,
                           __global int* packed) {
    const int h = get_global_id(1);
    int offset = 0;
    for (int g = 0; g < h; g++) {
        offset += count[g];
    }
    const int n = count[h];
    for (int i = get_global_id(0); i < n; i += get_global_size(0)) {
        packed[offset + i] = columns[(ulong) h * nk + i];
    }
}
