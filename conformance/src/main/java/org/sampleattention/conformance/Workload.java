package org.sampleattention.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.sampleattention.AttentionInput;
import org.sampleattention.Tensor;

/**
 * A generated attention input that mimics measured LLM attention (DESIGN.md section 5), owning its
 * host tensors. Generation is a pure function of the {@link WorkloadSpec}: O(N * d * H), chunked and
 * parallel over token ranges: 128K tokens x 8 heads x d 128 take about 3 s on two cores.
 *
 * <p>How the patterns arise, with the default softmax scale 1/sqrt(d):
 * <ul>
 * <li>Keys carry rotary features {@code (cos(theta_m j), sin(theta_m j))} on about 3/4 of the head
 *     dimension, with log-spaced frequencies from 1 rad/token down to 1 rad/sequence like RoPE; a
 *     query at position p with the same features at p scores {@code sum cos(theta_m (p - j))}, which
 *     is largest on the diagonal (local heads' sharp peak).</li>
 * <li>A "recency" dimension holds {@code j / N} on ordinary keys; a query of weight b along it scores
 *     key j {@code b (j - p) / N} relative to its own position, an ALiBi-like linear decay that keeps
 *     the far tail of local heads small at every length (rotary sums alone fluctuate at long range).</li>
 * <li>A "stripe" dimension is one only on heavy-hitter keys (about N/256 of them, shared by every
 *     kv-head, like separators) and a "sink" dimension one only on key 0; queries that point along
 *     them give those keys high scores from every position (stripe heads).</li>
 * <li>A "needle" dimension is one only on the needle key, which sits 15-40% into the sequence; only
 *     the last {@link #needleRows()} queries of needle heads point along it. The needle's value is
 *     zero except {@code sqrt(d)} on dimension 0, so whether its value reached a query is a
 *     projection.</li>
 * <li>Heavy hitters, the sink and the needle have no recency feature, and queries lift their stripe,
 *     sink and needle weights by their own recency level, so those keys weigh the same at any distance.</li>
 * <li>The remaining dimensions are content noise (uniform, unit variance) in q and k, and all of
 *     v is such noise.</li>
 * </ul>
 * Grouped-query heads share keys, so their q-heads may still be of different kinds: the keys carry
 * every structure and each query chooses what it expresses.
 */
public final class Workload implements AutoCloseable {
    private static final int CHUNK_TOKENS = 512;
    private static final int Q_STREAM = 1, K_STREAM = 2, V_STREAM = 3;
    /** The dimension of v along which the needle's value stands out. */
    public static final int NEEDLE_VALUE_DIM = 0;

    private final WorkloadSpec spec;
    private final AttentionInput input;
    private final KeyStructure structure;
    private final List<HeadProfile> profiles;

    private Workload(WorkloadSpec spec, AttentionInput input, KeyStructure structure, List<HeadProfile> profiles) {
        this.spec = spec;
        this.input = input;
        this.structure = structure;
        this.profiles = profiles;
    }

    /** Generates the workload of a spec; equal specs give bit-identical tensors. */
    public static Workload generate(WorkloadSpec spec) {
        KeyStructure structure = new KeyStructure(spec);
        List<HeadProfile> profiles = new ArrayList<>(spec.qHeads());
        for (int h = 0; h < spec.qHeads(); h++) {
            profiles.add(HeadProfile.of(kindOfHead(spec.kind(), h, spec.qHeads()), spec.keyLength(),
                    structure.hitters.length));
        }
        Tensor q = Tensor.allocate(spec.dtype(), spec.qHeads(), spec.queryLength(), spec.headDim());
        Tensor k = null, v = null;
        try {
            k = Tensor.allocate(spec.dtype(), spec.kvHeads(), spec.keyLength(), spec.headDim());
            v = Tensor.allocate(spec.dtype(), spec.kvHeads(), spec.keyLength(), spec.headDim());
            fill(spec, structure, profiles, q, k, v);
            return new Workload(spec, new AttentionInput(q, k, v), structure, List.copyOf(profiles));
        } catch (RuntimeException | Error e) {
            q.close();
            if (k != null) {
                k.close();
            }
            if (v != null) {
                v.close();
            }
            throw e;
        }
    }

    /** The kind of q-head h in a workload of this kind: LLM cycles local, stripe, mixed, last head needle. */
    public static WorkloadKind kindOfHead(WorkloadKind kind, int head, int heads) {
        if (kind != WorkloadKind.LLM) {
            return kind;
        }
        if (heads > 1 && head == heads - 1) {
            return WorkloadKind.NEEDLE;
        }
        return switch (head % 3) {
            case 0 -> WorkloadKind.LOCAL;
            case 1 -> WorkloadKind.STRIPE;
            default -> WorkloadKind.MIXED;
        };
    }

    public WorkloadSpec spec() {
        return spec;
    }

    public AttentionInput input() {
        return input;
    }

    /** The kind of q-head h. */
    public WorkloadKind headKind(int qHead) {
        return profiles.get(qHead).kind();
    }

    /** Key index of the planted needle, if any head of this workload looks for it. */
    public OptionalInt needlePosition() {
        return needleHeads().length > 0 && structure.needleDim >= 0 ? OptionalInt.of(structure.needlePosition)
                : OptionalInt.empty();
    }

    /** The q-heads whose last queries look for the needle. */
    public int[] needleHeads() {
        return IntStream.range(0, spec.qHeads()).filter(h -> profiles.get(h).needle() > 0).toArray();
    }

    /** How many of the last query rows of a needle head match the needle. */
    public int needleRows() {
        return structure.needleRows;
    }

    /** Positions of the heavy hitters, ascending (the sink, at 0, is not among them). */
    public int[] heavyHitters() {
        return structure.hitters.clone();
    }

    @Override
    public void close() {
        input.q().close();
        input.k().close();
        input.v().close();
    }

    @Override
    public String toString() {
        return "Workload[" + spec.label() + "]";
    }

    private static void fill(WorkloadSpec spec, KeyStructure s, List<HeadProfile> profiles, Tensor q, Tensor k,
                             Tensor v) {
        int chunks = (spec.keyLength() + CHUNK_TOKENS - 1) / CHUNK_TOKENS;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * CHUNK_TOKENS, to = Math.min(spec.keyLength(), from + CHUNK_TOKENS);
            fillChunk(spec, s, profiles, q, k, v, from, to);
        });
    }

    private static void putIf(float[] buf, int base, int dim, float value) {
        if (dim >= 0) {
            buf[base + dim] = value;
        }
    }

    private static void fillChunk(WorkloadSpec spec, KeyStructure s, List<HeadProfile> profiles, Tensor q,
                                  Tensor k, Tensor v, int from, int to) {
        int d = spec.headDim(), tokens = to - from, m = s.rotaryPairs;
        // rotary features of the chunk's positions, shared by every head
        float[] cos = new float[tokens * m], sin = new float[tokens * m];
        for (int t = 0; t < tokens; t++) {
            for (int p = 0; p < m; p++) {
                double angle = s.frequencies[p] * (from + t);
                cos[t * m + p] = (float) Math.cos(angle);
                sin[t * m + p] = (float) Math.sin(angle);
            }
        }
        float[] buf = new float[tokens * d];
        double sqrtD = Math.sqrt(d);
        for (int g = 0; g < spec.kvHeads(); g++) {
            for (int t = 0; t < tokens; t++) {
                int j = from + t, base = t * d;
                long key = NoiseHash.key(spec.seed(), K_STREAM, g, j);
                for (int p = 0; p < m; p++) {
                    buf[base + 2 * p] = cos[t * m + p];
                    buf[base + 2 * p + 1] = sin[t * m + p];
                }
                buf[base + s.stripeDim] = s.isHitter(j) ? 1f : 0f;
                putIf(buf, base, s.recencyDim, s.recency(j));
                putIf(buf, base, s.sinkDim, j == 0 ? 1f : 0f);
                putIf(buf, base, s.needleDim, j == s.needlePosition ? 1f : 0f);
                for (int c = s.noiseStart; c < d; c++) {
                    buf[base + c] = (float) NoiseHash.centered(key, c);
                }
            }
            k.write(((long) g * spec.keyLength() + from) * d, buf, 0, tokens * d);
            for (int t = 0; t < tokens; t++) {
                int j = from + t, base = t * d;
                long key = NoiseHash.key(spec.seed(), V_STREAM, g, j);
                if (j == s.needlePosition) {
                    java.util.Arrays.fill(buf, base, base + d, 0f);
                    buf[base + NEEDLE_VALUE_DIM] = (float) sqrtD;
                } else {
                    for (int c = 0; c < d; c++) {
                        buf[base + c] = (float) NoiseHash.centered(key, c);
                    }
                }
            }
            v.write(((long) g * spec.keyLength() + from) * d, buf, 0, tokens * d);
        }
        // queries are the last Nq positions: row i sits at position Nk - Nq + i
        int firstPos = spec.keyLength() - spec.queryLength();
        int qFrom = Math.max(from, firstPos), qTo = to;
        if (qFrom >= qTo) {
            return;
        }
        for (int h = 0; h < spec.qHeads(); h++) {
            HeadProfile prof = profiles.get(h);
            double rotary = m == 0 ? 0 : prof.rotary() * sqrtD / m;
            double stripe = prof.stripe() * sqrtD;
            double noise = s.noiseDims == 0 ? 0 : prof.noise() * sqrtD / Math.sqrt(s.noiseDims);
            for (int j = qFrom; j < qTo; j++) {
                int t = j - from, base = (j - qFrom) * d, row = j - firstPos;
                long key = NoiseHash.key(spec.seed(), Q_STREAM, h, row);
                for (int p = 0; p < m; p++) {
                    buf[base + 2 * p] = (float) (rotary * cos[t * m + p]);
                    buf[base + 2 * p + 1] = (float) (rotary * sin[t * m + p]);
                }
                // the recency feature favours late keys by `recency * j / N`, so every other structure is
                // lifted by the query's own level to keep its weight at every position
                double level = prof.recency() * j / spec.keyLength();
                boolean looks = prof.needle() > 0 && row >= spec.queryLength() - s.needleRows;
                buf[base + s.stripeDim] = (float) ((prof.stripe() + level) * sqrtD);
                putIf(buf, base, s.recencyDim, (float) (prof.recency() * sqrtD));
                putIf(buf, base, s.sinkDim, (float) ((prof.sink() + level) * sqrtD));
                putIf(buf, base, s.needleDim, looks ? (float) ((prof.needle() + level) * sqrtD) : 0f);
                for (int c = s.noiseStart; c < d; c++) {
                    buf[base + c] = (float) (noise * NoiseHash.centered(key, c));
                }
            }
            q.write(((long) h * spec.queryLength() + (qFrom - firstPos)) * d, buf, 0, (qTo - qFrom) * d);
        }
    }
}
