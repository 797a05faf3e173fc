package org.sampleattention.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernels on {@code jdk.incubator.vector}, {@link FloatVector#SPECIES_PREFERRED} wide. The only
 * class that touches the incubator module: {@link TileKernelsProvider} loads it reflectively, so the
 * rest of the backend runs (scalar) on a JVM started without {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Both matrix products are register-blocked outer products: 4 query rows x 2 vectors of keys (q.k)
 * or of head dims (p.v) stay in 8 accumulators while the shared dimension streams, so each loaded
 * vector feeds 4 FMAs and each broadcast 2, and no horizontal reduction appears in the inner loop.
 */
final class VectorTileKernels implements TileKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public String description() {
        return "Java Vector API, " + F.vectorBitSize() + "-bit (" + L + " x f32)";
    }

    @Override
    public void scores(float[] q, int rows, int d, float[] kt, int ktOff, int bk, int from, int to, float[] s) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            scores4(q, r, d, kt, ktOff, bk, from, to, s);
        }
        for (; r < rows; r++) {
            scores1(q, r, d, kt, ktOff, bk, from, to, s);
        }
    }

    private static void scores4(float[] q, int r, int d, float[] kt, int ktOff, int bk, int from, int to, float[] s) {
        int q0 = r * d, q1 = q0 + d, q2 = q1 + d, q3 = q2 + d;
        int j = from;
        for (; j + 2 * L <= to; j += 2 * L) {
            FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00;
            FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            int k = ktOff + j;
            for (int c = 0; c < d; c++, k += bk) {
                FloatVector k0 = FloatVector.fromArray(F, kt, k);
                FloatVector k1 = FloatVector.fromArray(F, kt, k + L);
                FloatVector b = FloatVector.broadcast(F, q[q0 + c]);
                a00 = k0.fma(b, a00);
                a01 = k1.fma(b, a01);
                b = FloatVector.broadcast(F, q[q1 + c]);
                a10 = k0.fma(b, a10);
                a11 = k1.fma(b, a11);
                b = FloatVector.broadcast(F, q[q2 + c]);
                a20 = k0.fma(b, a20);
                a21 = k1.fma(b, a21);
                b = FloatVector.broadcast(F, q[q3 + c]);
                a30 = k0.fma(b, a30);
                a31 = k1.fma(b, a31);
            }
            int s0 = r * bk + j;
            a00.intoArray(s, s0);
            a01.intoArray(s, s0 + L);
            a10.intoArray(s, s0 + bk);
            a11.intoArray(s, s0 + bk + L);
            a20.intoArray(s, s0 + 2 * bk);
            a21.intoArray(s, s0 + 2 * bk + L);
            a30.intoArray(s, s0 + 3 * bk);
            a31.intoArray(s, s0 + 3 * bk + L);
        }
        for (; j < to; j += L) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            int k = ktOff + j;
            for (int c = 0; c < d; c++, k += bk) {
                FloatVector k0 = FloatVector.fromArray(F, kt, k);
                a0 = k0.fma(FloatVector.broadcast(F, q[q0 + c]), a0);
                a1 = k0.fma(FloatVector.broadcast(F, q[q1 + c]), a1);
                a2 = k0.fma(FloatVector.broadcast(F, q[q2 + c]), a2);
                a3 = k0.fma(FloatVector.broadcast(F, q[q3 + c]), a3);
            }
            int s0 = r * bk + j;
            a0.intoArray(s, s0);
            a1.intoArray(s, s0 + bk);
            a2.intoArray(s, s0 + 2 * bk);
            a3.intoArray(s, s0 + 3 * bk);
        }
    }

    private static void scores1(float[] q, int r, int d, float[] kt, int ktOff, int bk, int from, int to, float[] s) {
        int q0 = r * d;
        for (int j = from; j < to; j += L) {
            FloatVector a = FloatVector.zero(F);
            int k = ktOff + j;
            for (int c = 0; c < d; c++, k += bk) {
                a = FloatVector.fromArray(F, kt, k).fma(FloatVector.broadcast(F, q[q0 + c]), a);
            }
            a.intoArray(s, r * bk + j);
        }
    }

    @Override
    public void accumulate(float[] p, int rows, int bk, int from, int to, float[] v, int vOff, int dp, float[] o) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            accumulate4(p, r, bk, from, to, v, vOff, dp, o);
        }
        for (; r < rows; r++) {
            accumulate1(p, r, bk, from, to, v, vOff, dp, o);
        }
    }

    private static void accumulate4(float[] p, int r, int bk, int from, int to, float[] v, int vOff, int dp,
                                    float[] o) {
        int p0 = r * bk, p1 = p0 + bk, p2 = p1 + bk, p3 = p2 + bk;
        int o0 = r * dp, o1 = o0 + dp, o2 = o1 + dp, o3 = o2 + dp;
        int c = 0;
        for (; c + 2 * L <= dp; c += 2 * L) {
            FloatVector a00 = FloatVector.fromArray(F, o, o0 + c), a01 = FloatVector.fromArray(F, o, o0 + c + L);
            FloatVector a10 = FloatVector.fromArray(F, o, o1 + c), a11 = FloatVector.fromArray(F, o, o1 + c + L);
            FloatVector a20 = FloatVector.fromArray(F, o, o2 + c), a21 = FloatVector.fromArray(F, o, o2 + c + L);
            FloatVector a30 = FloatVector.fromArray(F, o, o3 + c), a31 = FloatVector.fromArray(F, o, o3 + c + L);
            int vr = vOff + from * dp + c;
            for (int j = from; j < to; j++, vr += dp) {
                FloatVector v0 = FloatVector.fromArray(F, v, vr);
                FloatVector v1 = FloatVector.fromArray(F, v, vr + L);
                FloatVector b = FloatVector.broadcast(F, p[p0 + j]);
                a00 = v0.fma(b, a00);
                a01 = v1.fma(b, a01);
                b = FloatVector.broadcast(F, p[p1 + j]);
                a10 = v0.fma(b, a10);
                a11 = v1.fma(b, a11);
                b = FloatVector.broadcast(F, p[p2 + j]);
                a20 = v0.fma(b, a20);
                a21 = v1.fma(b, a21);
                b = FloatVector.broadcast(F, p[p3 + j]);
                a30 = v0.fma(b, a30);
                a31 = v1.fma(b, a31);
            }
            a00.intoArray(o, o0 + c);
            a01.intoArray(o, o0 + c + L);
            a10.intoArray(o, o1 + c);
            a11.intoArray(o, o1 + c + L);
            a20.intoArray(o, o2 + c);
            a21.intoArray(o, o2 + c + L);
            a30.intoArray(o, o3 + c);
            a31.intoArray(o, o3 + c + L);
        }
        for (; c < dp; c += L) {
            FloatVector a0 = FloatVector.fromArray(F, o, o0 + c), a1 = FloatVector.fromArray(F, o, o1 + c);
            FloatVector a2 = FloatVector.fromArray(F, o, o2 + c), a3 = FloatVector.fromArray(F, o, o3 + c);
            int vr = vOff + from * dp + c;
            for (int j = from; j < to; j++, vr += dp) {
                FloatVector v0 = FloatVector.fromArray(F, v, vr);
                a0 = v0.fma(FloatVector.broadcast(F, p[p0 + j]), a0);
                a1 = v0.fma(FloatVector.broadcast(F, p[p1 + j]), a1);
                a2 = v0.fma(FloatVector.broadcast(F, p[p2 + j]), a2);
                a3 = v0.fma(FloatVector.broadcast(F, p[p3 + j]), a3);
            }
            a0.intoArray(o, o0 + c);
            a1.intoArray(o, o1 + c);
            a2.intoArray(o, o2 + c);
            a3.intoArray(o, o3 + c);
        }
    }

    private static void accumulate1(float[] p, int r, int bk, int from, int to, float[] v, int vOff, int dp,
                                    float[] o) {
        int p0 = r * bk, o0 = r * dp;
        for (int c = 0; c < dp; c += L) {
            FloatVector a = FloatVector.fromArray(F, o, o0 + c);
            int vr = vOff + from * dp + c;
            for (int j = from; j < to; j++, vr += dp) {
                a = FloatVector.fromArray(F, v, vr).fma(FloatVector.broadcast(F, p[p0 + j]), a);
            }
            a.intoArray(o, o0 + c);
        }
    }

    @Override
    public float max(float[] a, int from, int len) {
        FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int i = from; i < from + len; i += L) {
            m = m.max(FloatVector.fromArray(F, a, i));
        }
        return m.reduceLanes(VectorOperators.MAX);
    }

    @Override
    public float expShifted(float[] a, int from, int len, float shift) {
        FloatVector sum = FloatVector.zero(F);
        FloatVector sh = FloatVector.broadcast(F, shift);
        for (int i = from; i < from + len; i += L) {
            FloatVector e = FloatVector.fromArray(F, a, i).sub(sh).lanewise(VectorOperators.EXP);
            e.intoArray(a, i);
            sum = sum.add(e);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void scale(float[] a, int from, int len, float factor) {
        FloatVector f = FloatVector.broadcast(F, factor);
        for (int i = from; i < from + len; i += L) {
            FloatVector.fromArray(F, a, i).mul(f).intoArray(a, i);
        }
    }

    @Override
    public void add(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector.fromArray(F, dst, dstOff + i).add(FloatVector.fromArray(F, src, srcOff + i))
                    .intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }
}
