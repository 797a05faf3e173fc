// Stage 2, score-based filtering (DESIGN.md section 4, step 2), on the device:
//   init_order      total residual R[j] per column, padded to a power of two for the sort;
//   bitonic_step    one compare-exchange pass: columns by R descending, ties to the lower index;
//   block_cut       per sampled block, the shortest prefix of that order reaching alpha * rows(b);
//   head_cut        per head, the longest of its blocks' prefixes, and the estimated coverage;
//   mark_selected / compact_marked   the prefix as ascending column indices.
// Scores are [heads][blocks][nk]; nothing here depends on the head dim or the input dtype.

__kernel void init_order(const __global float* residual, int nb, int nk, int padded,
                         __global float* key, __global int* index) {
    const int t = get_global_id(0), h = get_global_id(1);
    if (t >= padded) {
        return;
    }
    float total = -1.0f; // padding sorts after every real column (totals are >= 0)
    if (t < nk) {
        total = 0.0f;
        for (int b = 0; b < nb; b++) {
            total += residual[((ulong) h * nb + b) * nk + t];
        }
    }
    key[(ulong) h * padded + t] = total;
    index[(ulong) h * padded + t] = t;
}

// whether (ka, ia) comes before (kb, ib): larger total first, then lower index
inline bool precedes(float ka, int ia, float kb, int ib) {
    return ka > kb || (ka == kb && ia < ib);
}

__kernel void bitonic_step(__global float* key, __global int* index, int padded, int size, int stride) {
    const int t = get_global_id(0), h = get_global_id(1);
    const int partner = t ^ stride;
    if (t >= padded || partner <= t) {
        return;
    }
    const ulong a = (ulong) h * padded + t, b = (ulong) h * padded + partner;
    const float ka = key[a], kb = key[b];
    const int ia = index[a], ib = index[b];
    const bool forward = (t & size) == 0;
    if (forward ? precedes(kb, ib, ka, ia) : precedes(ka, ia, kb, ib)) {
        key[a] = kb;
        key[b] = ka;
        index[a] = ib;
        index[b] = ia;
    }
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
