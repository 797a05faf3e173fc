package org.sampleattention.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskGeometryTest {

    @ParameterizedTest
    @CsvSource({"1,1,1,true", "7,7,3,true", "5,12,4,true", "65,65,1,true", "40,100,9,false", "33,33,33,false",
            "10,50,50,true", "3,20,30,true", "6,20,17,true", "6,20,14,false", "1,9,2,true", "20,20,7,false"})
    void pairCountsMatchAnExplicitMask(int nq, int nk, int w, boolean causal) {
        MaskGeometry g = new MaskGeometry(nq, nk, w, causal);
        SplittableRandom random = new SplittableRandom(nq * 31L + nk);
        TreeSet<Integer> selected = new TreeSet<>();
        for (int n = 0; n < nk / 3; n++) {
            selected.add(random.nextInt(nk));
        }
        int[] columns = selected.stream().mapToInt(Integer::intValue).toArray();
        long dense = 0, sparse = 0, windowed = 0;
        for (int i = 0; i < nq; i++) {
            int p = nk - nq + i;
            for (int j = 0; j < nk; j++) {
                boolean visible = !causal || j <= p;
                boolean window = j > p - w && j <= p;
                if (window) {
                    windowed++;
                }
                if (visible) {
                    dense++;
                    if (window || selected.contains(j)) {
                        sparse++;
                    }
                }
            }
        }
        assertEquals(dense, g.densePairs());
        assertEquals(windowed, g.windowPairs());
        assertEquals(sparse, g.sparsePairs(columns));
    }
}
