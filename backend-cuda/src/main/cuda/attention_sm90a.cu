// Dense and plan-masked (sparse) attention for Hopper (compute capability 9.0, PTX target sm_90a),
// launched by CudaAttention in place of attention.cu's mma.sync kernel where the device allows.
//
// The same key sources, masks and online softmax as attention.cu's tensor-core kernel (each key of a
// row visited once, masks only in blocks that straddle a boundary), with the matrix products on
// wgmma.mma_async: a CTA of WG warpgroups takes 64 query rows per warpgroup; S = Q K^T reads Q and K
// from shared memory through matrix descriptors, O += P V takes P from registers (the accumulator
// layout of S is the A-fragment layout of P) and V from shared memory, transposed by the instruction.
// Q, K and V tiles sit in shared memory in the swizzled layout of hopper.cuh; K/V blocks of 64 keys
// are double-buffered by cp.async, with one barrier per block.
#include "hopper.cuh"
#include "key_sources.cuh"

#define KEYS 64  // keys per block
#define STAGES 3  // K/V ring depth (HopperKernels.ATTENTION_STAGES)
#define RESCALE_SLACK 8.f  // log2 of how far a row's exponentials may exceed 1 before O is rescaled

template <typename T, int D, int WG>
__device__ void attentionWgmma(const T* q, const T* k, const T* v, T* out, const T* kg, const T* vg,
                               const int* cols, const int* colOffset, const int* colCount, int hq, int hkv, int nq,
                               int nk, int w, int causal, float scaleLog2) {
    static_assert(D == 64 || D == 128, "one or two 64-element panels per row");
    constexpr int ROWS = 64 * WG;
    constexpr int Q_BLOCK = 64 * D;  // elements of one warpgroup's swizzled Q block
    constexpr int KV_TILE = KEYS * D;
    constexpr uint32_t PANEL = KEYS * 64 * 2 >> 4;  // V: bytes between the two 64-column panels
    constexpr uint32_t STAGE_STEP = KV_TILE * 2 >> 4;  // descriptor units between two stages
    extern __shared__ unsigned char smemRaw[];
    unsigned char* smem = swizzleAligned(smemRaw);
    T* qs = reinterpret_cast<T*>(smem);
    T* ks = qs + WG * Q_BLOCK;         // STAGES stages
    T* vs = ks + STAGES * KV_TILE;     // STAGES stages
    int* colS = reinterpret_cast<int*>(vs + STAGES * KV_TILE);  // STAGES stages of 64 key indices

    int group = threadIdx.x >> 7, thread = threadIdx.x & 127;
    int warp = thread >> 5, lane = thread & 31, gq = lane >> 2, tq = lane & 3;
    QueryTileKeys<KEYS> tile(ROWS, cols, colOffset, colCount, hq, hkv, nq, nk, w, causal);
    const KeySources& src = tile.src;
    int h = tile.h, i0 = tile.i0, rows = tile.rows, g = tile.g, pmin = tile.pmin, pmax = tile.pmax;
    int blocksA = tile.blocksA, blocks = tile.blocks;
    const T* kHead = k + (size_t)g * nk * D;
    const T* vHead = v + (size_t)g * nk * D;

    const SwizzledCopy<T, D, 64, 128 * WG> copyRows;
    const SwizzledCopy<T, D, KEYS, 128 * WG> copyKeys;
    {
        const T* qTile = q + ((size_t)h * nq + i0) * D;
        for (int b = 0; b < WG; b++) copyRows(qs + b * Q_BLOCK, qTile + (size_t)b * 64 * D, rows - b * 64);
    }
    auto issue = [&](int b) {
        int stage = b % STAGES;
        if (b < blocksA) {
            int first = b * KEYS, valid = min(KEYS, src.columnCount - first);
            size_t row = (size_t)src.columnBase + first;
            copyKeys(ks + stage * KV_TILE, kg + row * D, valid);
            copyKeys(vs + stage * KV_TILE, vg + row * D, valid);
            if (threadIdx.x < KEYS) colS[stage * KEYS + threadIdx.x] = threadIdx.x < valid ? cols[row + threadIdx.x] : 0;
        } else {
            int first = src.lo + (b - blocksA) * KEYS, valid = min(KEYS, src.hi - first);
            copyKeys(ks + stage * KV_TILE, kHead + (size_t)first * D, valid);
            copyKeys(vs + stage * KV_TILE, vHead + (size_t)first * D, valid);
        }
        cpAsyncCommit();
    };
    // blocks 0 and 1 in flight, Q in block 0's group
    if (blocks > 0) issue(0); else cpAsyncCommit();
    if (blocks > 1) issue(1); else cpAsyncCommit();
    const uint64_t qDesc = kMajor(qs + group * Q_BLOCK);
    const uint64_t kDesc0 = kMajor(ks), vDesc0 = descriptor(vs, PANEL, SWIZZLE_ROW_GROUP);

    // accumulators in wgmma's layout: entry 4j + e is row gq + 8 * (e >> 1) of this warp's 16 and
    // column 8j + 2tq + (e & 1)
    float o[D / 2];
#pragma unroll
    for (int i = 0; i < D / 2; i++) o[i] = 0.f;
    float m[2] = {NEG_INF, NEG_INF}, l[2] = {0.f, 0.f};
    int rowP[2];
    rowP[0] = pmin + group * 64 + warp * 16 + gq;
    rowP[1] = rowP[0] + 8;

    // S = Q K^T of block b, issued and committed, not waited for
    auto issueScores = [&](float* s, int b) {
        uint64_t kDesc = kDesc0 + (b % STAGES) * STAGE_STEP;
        wgmmaFence();
#pragma unroll
        for (int kk = 0; kk < D / 16; kk++) {
            if (kk == 0) wgmmaSSFirst<T, KEYS>(s, qDesc, kDesc);
            else wgmmaSS<T, KEYS>(s, kMajorStep<64>(qDesc, kk), kMajorStep<KEYS>(kDesc, kk));
        }
        wgmmaCommit();
    };
    // Block b's scores turned into probabilities in place. A row's reference m moves only when the
    // block's maximum passes it by more than RESCALE_SLACK: the exponentials then stay below
    // 2^RESCALE_SLACK (f32 accumulators and f16/bf16 P hold that easily), the result is the same
    // softmax, and most blocks leave O alone. The warp decides together; corr is what O must be scaled
    // by once the product still in flight has landed (1 when nothing moved).
    auto probabilities = [&](float* s, int b, float* corr) {
        const int* blockColumns = colS + (b % STAGES) * KEYS;
        KeyBlock kb = keyBlock(src, b, blocksA, KEYS, blockColumns, pmin, pmax, w, causal);
        if (kb.needMask) {
#pragma unroll
            for (int i = 0; i < KEYS / 2; i++) {
                if (!keyAccepted(kb, src, blockColumns, (i >> 2) * 8 + tq * 2 + (i & 1), rowP[(i >> 1) & 1], w, causal))
                    s[i] = NEG_INF;
            }
        }
        float mx[2];
#pragma unroll
        for (int r = 0; r < 2; r++) {
            mx[r] = NEG_INF;
#pragma unroll
            for (int j = 0; j < KEYS / 8; j++) mx[r] = fmaxf(mx[r], fmaxf(s[4 * j + 2 * r], s[4 * j + 2 * r + 1]));
            mx[r] = quadMax(mx[r]) * scaleLog2;
            corr[r] = 1.f;
        }
        if (__any_sync(0xffffffffu, mx[0] > m[0] + RESCALE_SLACK || mx[1] > m[1] + RESCALE_SLACK)) {
#pragma unroll
            for (int r = 0; r < 2; r++) {
                float mNew = fmaxf(m[r], mx[r]);
                corr[r] = mNew == NEG_INF ? 1.f : fastExp2(m[r] - mNew);
                m[r] = mNew;
                l[r] *= corr[r];
            }
        }
#pragma unroll
        for (int r = 0; r < 2; r++) {
            float base = m[r] == NEG_INF ? 0.f : m[r];
            float sum = 0.f;
#pragma unroll
            for (int j = 0; j < KEYS / 8; j++) {
                s[4 * j + 2 * r] = fastExp2(fmaf(s[4 * j + 2 * r], scaleLog2, -base));
                s[4 * j + 2 * r + 1] = fastExp2(fmaf(s[4 * j + 2 * r + 1], scaleLog2, -base));
                sum += s[4 * j + 2 * r] + s[4 * j + 2 * r + 1];
            }
            l[r] += sum;
        }
    };

    // The loop keeps the tensor cores busy through the softmax (FlashAttention-3's intra-warpgroup
    // overlap): while O += P_b V_b runs, the scores of block b + 1, issued just before it, are turned
    // into probabilities. A block's K and V are therefore read in different iterations, so the ring
    // has three stages: block b + 2 loads into the stage of block b - 1, whose readers are all past
    // the iteration's barrier.
    float s[KEYS / 2];
    uint32_t p[KEYS / 16][4];  // P_b as the A fragment of O += P_b V_b
    float corr[2];
    auto pack = [&]() {
#pragma unroll
        for (int kc = 0; kc < KEYS / 16; kc++) {
#pragma unroll
            for (int x = 0; x < 4; x++) p[kc][x] = pack2<T>(s[8 * kc + 2 * x], s[8 * kc + 2 * x + 1]);
        }
    };
    cpAsyncWait<1>();
    fenceToAsyncProxy();
    __syncthreads();
    if (blocks > 0) {
        issueScores(s, 0);
        wgmmaWait<0>();
        probabilities(s, 0, corr);
        pack();
    }
    auto accumulate = [&](int b) {  // O += P_b V_b, issued and committed
        uint64_t vDesc = vDesc0 + (b % STAGES) * STAGE_STEP;
        wgmmaFence();
#pragma unroll
        for (int kc = 0; kc < KEYS / 16; kc++) wgmmaRS<T, D>(o, p[kc], vDesc + ((kc * 16 * 64 * 2) >> 4));
        wgmmaCommit();
    };
    // every iteration has a next block, so that the compiler sees one fixed order of wgmma groups
    for (int b = 0; b + 1 < blocks; b++) {
        cpAsyncWait<0>();
        fenceToAsyncProxy();
        __syncthreads();
        if (b + 2 < blocks) issue(b + 2);
        issueScores(s, b + 1);
        accumulate(b);
        wgmmaWait<1>();  // the scores of block b + 1; O += P_b V_b may still run
        probabilities(s, b + 1, corr);
        wgmmaWait<0>();
        if (corr[0] != 1.f || corr[1] != 1.f) {
#pragma unroll
            for (int j = 0; j < D / 8; j++) {
                o[4 * j] *= corr[0];
                o[4 * j + 1] *= corr[0];
                o[4 * j + 2] *= corr[1];
                o[4 * j + 3] *= corr[1];
            }
        }
        pack();
    }
    if (blocks > 0) {
        accumulate(blocks - 1);
        wgmmaWait<0>();
    }

#pragma unroll
    for (int r = 0; r < 2; r++) {
        float sum = l[r];
        sum = quadSum(sum);
        int row = group * 64 + warp * 16 + gq + 8 * r;
        if (row >= rows) continue;
        float inv = 1.f / sum;
        T* oRow = out + ((size_t)h * nq + i0 + row) * D;
#pragma unroll
        for (int j = 0; j < D / 8; j++) {
            *reinterpret_cast<uint32_t*>(oRow + j * 8 + tq * 2) = pack2<T>(o[4 * j + 2 * r] * inv, o[4 * j + 2 * r + 1] * inv);
        }
    }
}

#define WGMMA(T, TN, D, WG)                                                                                     \
    extern "C" __global__ void __launch_bounds__(128 * WG, 1) attention_wgmma_##TN##_d##D##_wg##WG(           \
        const T* q, const T* k, const T* v, T* out, const T* kg, const T* vg, const int* cols,                  \
        const int* colOffset, const int* colCount, int hq, int hkv, int nq, int nk, int w, int causal,          \
        float scaleLog2) {                                                                                      \
        attentionWgmma<T, D, WG>(q, k, v, out, kg, vg, cols, colOffset, colCount, hq, hkv, nq, nk, w, causal,   \
                                 scaleLog2);                                                                    \
    }
// Three warpgroups at d = 128 (HopperKernels.warpgroups says why), two at 64.
WGMMA(bf16, bf16, 64, 2)
WGMMA(bf16, bf16, 128, 3)
WGMMA(f16, f16, 64, 2)
WGMMA(f16, f16, 128, 3)
