package org.sampleattention.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Vector API kernels against their scalar twin, call by call, at row counts and dims with tails. */
class TileKernelsTest {
    private final TileKernels vector = TileKernelsProvider.vector();
    private final TileKernels scalar = TileKernelsProvider.scalar();
    private final SplittableRandom random = new SplittableRandom(42);

    @ParameterizedTest(name = "rows={0} d={1}")
    @CsvSource({"1,1", "3,3", "4,17", "5,80", "6,64", "7,96", "8,128", "9,130", "10,72", "64,128", "13,1"})
    void scoresAndAccumulationAgree(int rows, int d) {
        TileShape shape = TileShape.of(d, vector);
        int bk = shape.bk(), dp = shape.dp();
        float[] q = randoms(rows * d), kt = randoms(3 * d * bk), p = randoms(rows * bk), v = randoms(3 * bk * dp);
        float[] sv = new float[rows * bk], ss = new float[rows * bk];
        vector.scores(q, 0, rows, d, kt, d * bk, bk, 0, bk, sv);
        scalar.scores(q, 0, rows, d, kt, d * bk, bk, 0, bk, ss);
        assertClose(ss, sv, 1e-5f * d);
        float[] ov = randoms(rows * dp), os = ov.clone();
        vector.accumulate(p, 0, rows, bk, 0, bk, v, bk * dp, dp, ov);
        scalar.accumulate(p, 0, rows, bk, 0, bk, v, bk * dp, dp, os);
        assertClose(os, ov, 1e-5f * bk);
        // a sub-range of the tile's keys: entries outside it are left alone, and only its keys are summed
        int lanes = vector.lanes(), from = lanes, to = bk - lanes;
        if (from < to) {
            float[] partV = new float[rows * bk], partS = new float[rows * bk];
            vector.scores(q, 0, rows, d, kt, 0, bk, from, to, partV);
            scalar.scores(q, 0, rows, d, kt, 0, bk, from, to, partS);
            assertClose(partS, partV, 1e-5f * d);
            for (int r = 0; r < rows; r++) {
                assertEquals(0f, partV[r * bk + from - 1]);
                assertEquals(0f, partV[r * bk + to]);
            }
            float[] pv = randoms(rows * dp), ps = pv.clone();
            vector.accumulate(p, 0, rows, bk, from, to, v, 0, dp, pv);
            scalar.accumulate(p, 0, rows, bk, from, to, v, 0, dp, ps);
            assertClose(ps, pv, 1e-5f * bk);
        }
        // a sub-range of the rows (a group at a tile's edge): the other rows are left alone
        if (rows > 1) {
            float[] rowsV = new float[rows * bk], rowsS = new float[rows * bk];
            vector.scores(q, 1, rows, d, kt, 0, bk, 0, bk, rowsV);
            scalar.scores(q, 1, rows, d, kt, 0, bk, 0, bk, rowsS);
            assertClose(rowsS, rowsV, 1e-5f * d);
            assertEquals(0f, rowsV[bk - 1]);
            float[] ov1 = new float[rows * dp], os1 = new float[rows * dp];
            vector.accumulate(p, 1, rows, bk, 0, bk, v, 0, dp, ov1);
            scalar.accumulate(p, 1, rows, bk, 0, bk, v, 0, dp, os1);
            assertClose(os1, ov1, 1e-5f * bk);
            assertEquals(0f, ov1[dp - 1]);
        }
    }

    /**
     * Key ranges of every width in vectors, from every vector of a tile: the window edges and the diagonal
     * hand the kernels 1 and 3 vectors wide ranges, which take their own register blocks; odd rows and
     * head dims (an odd d leaves the last head dim outside the even/odd split) included. With 16 vector
     * registers, rows sharing a range of whole vector pairs go 6 at a time: 6, 10 and 12 rows reach
     * those blocks with and without 4-row remainders (the x86 build reruns this class at 8 and 4 lanes).
     */
    @ParameterizedTest(name = "rows={0} d={1}")
    @CsvSource({"4,128", "5,17", "6,64", "8,3", "7,1", "10,9", "12,80"})
    void scoresAgreeOnEveryKeyRange(int rows, int d) {
        TileShape shape = TileShape.of(d, vector);
        int bk = shape.bk(), lanes = vector.lanes();
        float[] q = randoms(rows * d), kt = randoms(2 * d * bk);
        for (int from = 0; from < bk; from += lanes) {
            for (int to = from + lanes; to <= bk; to += lanes) {
                float[] sv = new float[rows * bk], ss = new float[rows * bk];
                vector.scores(q, 0, rows, d, kt, d * bk, bk, from, to, sv);
                scalar.scores(q, 0, rows, d, kt, d * bk, bk, from, to, ss);
                assertClose(ss, sv, 1e-5f * d);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < bk; j++) {
                        if (j < from || j >= to) {
                            assertEquals(0f, sv[r * bk + j], "row " + r + " key " + j + " outside [" + from + ", " + to + ")");
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "len={0}")
    @CsvSource({"1", "7", "64", "65", "1000"})
    void rowOperationsAgree(int length) {
        int len = (length + vector.lanes() - 1) / vector.lanes() * vector.lanes();
        float[] a = randoms(len + 3);
        a[3 + 5 % len] = Float.NEGATIVE_INFINITY; // a masked entry of the row: its exponential is zero
        float shift = scalar.max(a, 3, len);
        assertEquals(shift, vector.max(a, 3, len));
        for (float limit : new float[] {shift - 0.5f, shift, Float.NEGATIVE_INFINITY}) {
            assertEquals(scalar.anyAbove(a, 3, len, limit), vector.anyAbove(a, 3, len, limit), "limit " + limit);
        }
        assertEquals(shift > shift - 0.5f, vector.anyAbove(a, 3, len, shift - 0.5f));
        assertEquals(false, vector.anyAbove(a, 3, len, shift));
        float[] ev = a.clone(), es = a.clone();
        // the sums land per lane on top of what the lanes held (a row's earlier tiles)
        float[] sumsV = randoms(vector.lanes() + 1), sumsS = {7f, 0f};
        float before = sum(sumsV, 1, vector.lanes());
        vector.expShifted(ev, 3, ev, 3, len, shift, sumsV, 1);
        scalar.expShifted(es, 3, es, 3, len, shift, sumsS, 1);
        float sumS = sumsS[1];
        assertEquals(sumS, sum(sumsV, 1, vector.lanes()) - before, 1e-5f * (sumS + before));
        assertEquals(7f, sumsS[0]); // outside the row's lanes: left alone
        assertClose(es, ev, 1e-6f);
        // into another array, as sampling keeps its exponentials
        float[] into = new float[len + 1], sums = new float[vector.lanes()];
        vector.expShifted(a, 3, into, 1, len, shift, sums, 0);
        assertEquals(sumS, sum(sums, 0, vector.lanes()), 1e-5f * sumS);
        assertClose(Arrays.copyOfRange(es, 3, len + 3), Arrays.copyOfRange(into, 1, len + 1), 1e-6f);
        vector.scale(ev, 3, len, 0.25f);
        scalar.scale(es, 3, len, 0.25f);
        assertClose(es, ev, 1e-6f);
    }

    /**
     * The inline exponential within 2 ulp of {@link Math#exp} over the whole range the kernels use it on
     * (a shifted score is at most the rescale slack above 0), exactly 0 below the normal floats and for
     * -inf; its sums are the scalar path's within f32 rounding.
     */
    @Test
    void exponentialIsAccurateEverywhereItIsUsed() {
        int lanes = vector.lanes(), n = 1 << 16;
        float[] x = new float[n], e = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -100f + 180f * i / n; // -100 .. 80, every lane position
        }
        x[1] = Float.NEGATIVE_INFINITY;
        x[2] = 0f;
        x[3] = -87.29f;
        vector.expShifted(x, 0, e, 0, n, 0f, new float[lanes], 0);
        for (int i = 0; i < n; i++) {
            double exact = Math.exp(x[i]);
            if (x[i] < -87.3f) {
                assertEquals(0f, e[i], "e^" + x[i]);
            } else {
                assertEquals(exact, e[i], 2 * Math.ulp((float) exact), "e^" + x[i]);
            }
        }
        assertEquals(1f, e[2]);
    }

    @ParameterizedTest(name = "rows={0} len={1}")
    @CsvSource({"1,1", "3,7", "4,64", "5,65", "64,64", "9,1000"})
    void columnReductionsAgree(int rows, int length) {
        int stride = length + 5;
        float[] av = randoms(rows * stride + 2), as = av.clone();
        float sumV = vector.sumAndClear(av, 2, length), sumS = scalar.sumAndClear(as, 2, length);
        assertEquals(sumS, sumV, 1e-5f * length);
        assertClose(as, av, 0f);
        for (int i = 2; i < 2 + length; i++) {
            assertEquals(0f, av[i]);
        }
        float[] a = randoms(rows * stride + 2), weights = randoms(rows);
        float[] dv = randoms(length + 3), ds = dv.clone();
        vector.weightedColumnSums(a, 2, rows, stride, length, weights, dv, 1);
        scalar.weightedColumnSums(a, 2, rows, stride, length, weights, ds, 1);
        assertClose(ds, dv, 1e-5f * rows);
        assertEquals(ds[0], dv[0]); // outside the range: left alone
    }

    /**
     * The same values give the same sum however the JVM runs the kernel: interpreted at first, then
     * compiled after enough calls (a lane reduction whose order is left open rounded differently there,
     * so covered masses moved in their last bits from run to run).
     */
    @Test
    void sumAndClearGivesTheSameBitsBeforeAndAfterCompilation() {
        float[] values = new float[4 * vector.lanes()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.exp(random.nextDouble(-20, 5)); // magnitudes far apart: rounding shows
        }
        float[] a = new float[values.length];
        System.arraycopy(values, 0, a, 0, values.length);
        int first = Float.floatToRawIntBits(vector.sumAndClear(a, 0, a.length));
        for (int call = 0; call < 100_000; call++) {
            System.arraycopy(values, 0, a, 0, values.length);
            assertEquals(first, Float.floatToRawIntBits(vector.sumAndClear(a, 0, a.length)), "call " + call);
        }
    }

    @ParameterizedTest(name = "len={0} bad={1}")
    @CsvSource({"1,0", "17,16", "64,3", "65,64", "65,-1"})
    void finiteChecksAgree(int length, int bad) {
        for (float value : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] a = randoms(length + 2);
            a[0] = Float.NaN; // outside the checked range
            if (bad >= 0) {
                a[1 + bad] = value;
            }
            assertEquals(bad < 0, scalar.allFinite(a, 1, length));
            assertEquals(bad < 0, vector.allFinite(a, 1, length));
            // the query tile's variant scales the range (and only it) as it checks
            float[] scaledS = a.clone(), scaledV = a.clone();
            assertEquals(bad < 0, scalar.allFiniteThenScale(scaledS, 1, length, 0.5f));
            assertEquals(bad < 0, vector.allFiniteThenScale(scaledV, 1, length, 0.5f));
            for (int i = 1; i <= length; i++) {
                assertEquals(a[i] * 0.5f, scaledS[i]);
                assertEquals(a[i] * 0.5f, scaledV[i]);
            }
            assertEquals(Float.NaN, scaledV[0]);
            assertEquals(a[length + 1], scaledV[length + 1]);
        }
    }

    @Test
    void providerHonoursTheScalarSwitch() {
        assertInstanceOf(ScalarTileKernels.class, TileKernelsProvider.choose(true));
        // the tests run with --add-modules jdk.incubator.vector, so the fast path must be chosen
        assertInstanceOf(VectorTileKernels.class, TileKernelsProvider.choose(false));
    }

    private static float sum(float[] a, int from, int len) {
        float total = 0f;
        for (int i = from; i < from + len; i++) {
            total += a[i];
        }
        return total;
    }

    private float[] randoms(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static void assertClose(float[] expected, float[] actual, float tolerance) {
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i] && !(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                throw new AssertionError("element " + i + ": expected " + expected[i] + " but was " + actual[i]
                        + " (tolerance " + tolerance + ") in " + Arrays.toString(Arrays.copyOf(actual, Math.min(8, actual.length))));
            }
        }
    }
}
