package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sampleattention.opencl.OpenClTestSupport.close;
import static org.sampleattention.opencl.OpenClTestSupport.jaccard;
import static org.sampleattention.opencl.OpenClTestSupport.stripedInput;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.plan.ColumnScores;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.SparsePlan;

/** The device filter against the reference filter, on the same scores and end to end from sampling. */
class OpenClFilterTest extends OpenClEngineTest {
    /** causal, alpha, nq, nk, d. */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean causal : new boolean[] {true, false}) {
            for (double alpha : new double[] {0.5, 0.9, 0.99}) {
                cases.add(Arguments.of(causal, alpha, 333, 333, 16));
            }
            cases.add(Arguments.of(causal, 0.95, 97, 261, 20));
        }
        cases.add(Arguments.of(true, 1.0, 130, 130, 8));
        return cases.stream();
    }

    private static SampleAttentionConfig config(boolean causal, double alpha) {
        return SampleAttentionConfig.builder().causal(causal).alpha(alpha).minSparseLength(0).sampleBlock(16)
                .sampleRatio(0.1).windowRatio(0.05).denseFallbackDensity(1.0).build();
    }

    @ParameterizedTest(name = "same scores: causal={0} alpha={1} nq={2} nk={3} d={4}")
    @MethodSource("cases")
    void planFromTheSameScoresMatchesReference(boolean causal, double alpha, int nq, int nk, int d) {
        SampleAttentionConfig config = config(causal, alpha);
        AttentionInput input = stripedInput(DType.F32, 4, 2, nq, nk, d, 13L * nk + d);
        try (ColumnScores scores = REFERENCE.sampler().sample(input, config)) {
            SparsePlan expected = REFERENCE.filter().filter(scores, config);
            SparsePlan actual = engine.filter().filter(scores, config);
            assertPlansAgree(expected, actual, 0.99, alpha);
        } finally {
            close(input);
        }
    }

    @ParameterizedTest(name = "own sampling: causal={0} alpha={1} nq={2} nk={3} d={4}")
    @MethodSource("cases")
    void planFromDeviceSamplingMatchesReference(boolean causal, double alpha, int nq, int nk, int d) {
        SampleAttentionConfig config = config(causal, alpha);
        for (DType dtype : DType.values()) {
            AttentionInput input = stripedInput(dtype, 4, 2, nq, nk, d, 29L * nk + d);
            try (ColumnScores reference = REFERENCE.sampler().sample(input, config);
                 ColumnScores device = engine.sampler().sample(input, config)) {
                assertPlansAgree(REFERENCE.filter().filter(reference, config), engine.filter().filter(device, config),
                        0.99, alpha);
            } finally {
                close(input);
            }
        }
    }

    @Test
    void shortInputsAndDenseHeadsFollowTheReference() {
        AttentionInput input = stripedInput(DType.F32, 2, 1, 200, 200, 8, 5);
        try (ColumnScores scores = engine.sampler().sample(input, SampleAttentionConfig.defaults())) {
            // below minSparseLength: every head dense, without running the filter kernels
            SparsePlan plan = engine.filter().filter(scores, SampleAttentionConfig.defaults());
            assertTrue(plan.heads().stream().allMatch(HeadPlan::dense));
            // a fallback density of 0 forces every head that selects anything dense, as the reference does
            SampleAttentionConfig fallback = config(true, 0.99).toBuilder().denseFallbackDensity(0.0).build();
            assertPlansAgree(REFERENCE.filter().filter(scores, fallback), engine.filter().filter(scores, fallback), 1.0);
        } finally {
            close(input);
        }
    }

    /**
     * The device sort against a host sort with the same rule (total descending, ties to the lower index,
     * padding last), at lengths that are not powers of two, below and above a chunk, and at chunks from
     * a single pair (nearly every step global) to the device's own. Head 0 has few distinct totals, head
     * 1 only one, so most comparisons are ties.
     */
    @ParameterizedTest(name = "nk={0}")
    @ValueSource(ints = {1, 3, 1000, 2049, 5000, 40000})
    void columnOrderMatchesTheHostSortAtEveryChunk(int nk) {
        OpenClEngine openCl = (OpenClEngine) engine;
        ClContext context = openCl.context();
        SharedKernels kernels = openCl.sharedKernels();
        int hq = 2, nb = 3, padded = Integer.highestOneBit(nk) == nk ? nk : Integer.highestOneBit(nk) << 1;
        SplittableRandom random = new SplittableRandom(nk);
        float[] residual = new float[hq * nb * nk];
        for (int i = 0; i < residual.length; i++) {
            residual[i] = i < nb * nk ? random.nextInt(4) * 0.25f : 0.5f; // sums of these are exact in f32
        }
        // block b's scores count below ends[b] only: what lies past it must not be read
        int[] ends = {nk / 3, nk - nk / 4, nk};
        int deviceChunk = OpenClFilter.sortChunk(kernels, context.device());
        try (Scratch scratch = new Scratch()) {
            ClBuffer scores = scratch.add(context.allocate(4L * residual.length, "test residual"));
            context.write(scores, 0, residual);
            ClBuffer endBuffer = scratch.add(context.upload(ends, "test residual ends"));
            ClBuffer key = scratch.add(context.allocate(4L * hq * padded, "test order keys"));
            ClBuffer index = scratch.add(context.allocate(4L * hq * padded, "test order"));
            int[] chunks = IntStream.of(2, 64, deviceChunk).map(c -> Math.min(c, deviceChunk)).distinct().toArray();
            for (int chunk : chunks) {
                OpenClFilter.orderColumns(kernels, scores, endBuffer, hq, nb, nk, padded, chunk, key, index);
                for (int h = 0; h < hq; h++) {
                    float[] total = new float[padded];
                    for (int j = 0; j < padded; j++) {
                        total[j] = j < nk ? 0.0f : -1.0f;
                        for (int b = 0; b < nb; b++) {
                            if (j < ends[b]) {
                                total[j] += residual[(h * nb + b) * nk + j];
                            }
                        }
                    }
                    int[] expected = IntStream.range(0, padded).boxed()
                            .sorted(Comparator.<Integer>comparingDouble(j -> -total[j]).thenComparingInt(j -> j))
                            .mapToInt(Integer::intValue).toArray();
                    float[] expectedKeys = new float[padded];
                    for (int t = 0; t < padded; t++) {
                        expectedKeys[t] = total[expected[t]];
                    }
                    int[] order = new int[padded];
                    float[] keys = new float[padded];
                    context.read(index, 4L * h * padded, order);
                    context.read(key, 4L * h * padded, keys);
                    assertArrayEquals(expected, order, "head " + h + " at chunk " + chunk);
                    assertArrayEquals(expectedKeys, keys, "head " + h + " at chunk " + chunk);
                }
            }
        }
    }

    /**
     * Plans agree head by head. At alpha = 1 the exact rule hinges on whether rounded sums ever reach
     * rows(b) (the f64 reference does so about half the time, then stops before the zero-mass columns),
     * so there the device, which keeps every column, must keep a superset of the reference's.
     */
    static void assertPlansAgree(SparsePlan expected, SparsePlan actual, double minJaccard, double alpha) {
        if (alpha < 1.0) {
            assertPlansAgree(expected, actual, minJaccard);
            return;
        }
        for (int h = 0; h < expected.qHeads(); h++) {
            HeadPlan a = actual.head(h);
            assertTrue(a.dense() || a.columnCount() == expected.geometry().keyLength(), "head " + h + " keeps "
                    + a.columnCount() + " columns at alpha = 1");
        }
    }

    static void assertPlansAgree(SparsePlan expected, SparsePlan actual, double minJaccard) {
        assertEquals(expected.qHeads(), actual.qHeads());
        assertEquals(expected.geometry(), actual.geometry());
        for (int h = 0; h < expected.qHeads(); h++) {
            HeadPlan e = expected.head(h), a = actual.head(h);
            assertEquals(e.dense(), a.dense(), "head " + h + " dense");
            assertEquals(e.kvHead(), a.kvHead());
            double similarity = jaccard(e.columns(), a.columns());
            assertTrue(similarity >= minJaccard, "head " + h + ": Jaccard " + similarity + " of "
                    + e.columnCount() + " reference and " + a.columnCount() + " device columns");
            if (similarity == 1.0 && !e.dense()) {
                assertArrayEquals(e.columns(), a.columns());
                assertEquals(e.estimatedCoverage(), a.estimatedCoverage(), 1e-4, "head " + h + " coverage");
            }
        }
    }
}
