package org.sampleattention.cuda;

import java.util.ArrayList;
import java.util.List;
import org.sampleattention.DType;

/**
 * Shapes for the device checks: every tensor-core head dim, GQA, Nq &lt; Nk, causal and not, lengths
 * that are multiples of no tile, head dims padded to the next tile dim (80, 37, 160) and one that takes
 * the row-wise kernels (300).
 */
record AttentionCases(DType dtype, int hq, int hkv, int nq, int nk, int d, boolean causal) {

    static List<AttentionCases> all() {
        int[][] shapes = {
            {4, 2, 77, 300, 64, 1},
            {2, 1, 131, 131, 96, 1},
            {4, 4, 100, 257, 128, 0},
            {2, 2, 65, 193, 256, 1},
            {4, 1, 130, 130, 128, 1},
            {3, 1, 50, 120, 80, 1},
            {2, 1, 33, 70, 37, 0},
            {2, 1, 40, 90, 160, 1},
            {2, 1, 30, 75, 300, 0},
            {2, 1, 1, 1, 64, 1},
        };
        List<AttentionCases> cases = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (int[] s : shapes) {
                cases.add(new AttentionCases(dtype, s[0], s[1], s[2], s[3], s[4], s[5] == 1));
            }
        }
        return cases;
    }

    @Override
    public String toString() {
        return dtype + " Hq=" + hq + " Hkv=" + hkv + " Nq=" + nq + " Nk=" + nk + " d=" + d + (causal ? " causal" : " full");
    }
}
