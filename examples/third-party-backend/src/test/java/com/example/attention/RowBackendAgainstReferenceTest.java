package com.example.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.SparsePlan;
import org.sampleattention.reference.ReferenceBackend;
import org.sampleattention.spi.AttentionEngine;

/** Quick checks of each stage against the reference on fresh random inputs with odd sizes. */
class RowBackendAgainstReferenceTest {

    @ParameterizedTest
    @CsvSource({"F32,4,2,37,53,17,true", "BF16,2,1,65,65,8,false", "F16,8,2,129,129,5,true"})
    void everyStageAgreesWithTheReference(DType dtype, int hq, int hkv, int nq, int nk, int d, boolean causal) {
        SplittableRandom r = new SplittableRandom(nq * 7L + d);
        AttentionInput in = new AttentionInput(random(r, dtype, hq, nq, d, 2), random(r, dtype, hkv, nk, d, 2),
                random(r, dtype, hkv, nk, d, 1));
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(causal).minSparseLength(0).sampleBlock(8)
                .windowRatio(0.1).alpha(0.9).denseFallbackDensity(1).build();
        try (AttentionEngine mine = new RowBackend().create(); AttentionEngine ref = new ReferenceBackend().create()) {
            SparsePlan plan = ref.filter().filter(ref.sampler().sample(in, config), config);
            SparsePlan minePlan = mine.filter().filter(mine.sampler().sample(in, config), config);
            for (int h = 0; h < hq; h++) {
                assertArrayEquals(plan.head(h).columns(), minePlan.head(h).columns(), "head " + h);
            }
            try (Tensor a = (Tensor) mine.attention().dense(in, config); Tensor b = (Tensor) ref.attention().dense(in, config);
                 Tensor c = (Tensor) mine.attention().sparse(in, plan, config);
                 Tensor e = (Tensor) ref.attention().sparse(in, plan, config)) {
                double tol = dtype == DType.F32 ? 1e-5 : 1e-2;
                assertTrue(relL2(a, b) < tol, "dense " + relL2(a, b));
                assertTrue(relL2(c, e) < tol, "sparse " + relL2(c, e));
            }
        } finally {
            in.q().close();
            in.k().close();
            in.v().close();
        }
    }

    private static Tensor random(SplittableRandom r, DType dtype, int h, int n, int d, double sigma) {
        float[] v = new float[h * n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * sigma);
        }
        return Tensor.of(dtype, v, h, n, d);
    }

    private static double relL2(Tensor a, Tensor b) {
        double num = 0, den = 0;
        for (long i = 0; i < a.elementCount(); i++) {
            num += Math.pow(a.get(i) - b.get(i), 2);
            den += Math.pow(b.get(i), 2);
        }
        return Math.sqrt(num / den);
    }
}
