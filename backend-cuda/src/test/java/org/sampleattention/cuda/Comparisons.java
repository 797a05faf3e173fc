package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.sampleattention.DType;
import org.sampleattention.Tensor;
import org.sampleattention.plan.HeadPlan;
import org.sampleattention.plan.HostColumnScores;

/** Error measures and checks of the device against the reference backend. */
final class Comparisons {
    private Comparisons() {
    }

    /** ||actual - expected|| / ||expected||, NaN-sensitive (a NaN anywhere gives NaN, which fails every bound). */
    static double relativeL2(Tensor actual, Tensor expected) {
        if (!actual.shape().equals(expected.shape())) {
            throw new AssertionError("shape " + actual.shape() + " != " + expected.shape());
        }
        double diff = 0, norm = 0;
        for (long i = 0; i < expected.elementCount(); i++) {
            double a = actual.get(i), e = expected.get(i);
            diff += (a - e) * (a - e);
            norm += e * e;
        }
        return Math.sqrt(diff / norm);
    }

    /** The tolerance of DESIGN.md section 5 for outputs of this dtype. */
    static double tolerance(DType dtype) {
        return dtype == DType.F32 ? 2e-5 : 1.5e-2;
    }

    /** Jaccard similarity of two heads' selected columns; two dense heads agree fully. */
    static double jaccard(HeadPlan a, HeadPlan b) {
        if (a.dense() || b.dense()) {
            return a.dense() == b.dense() ? 1.0 : 0.0;
        }
        int[] x = a.columns(), y = b.columns();
        if (x.length == 0 && y.length == 0) {
            return 1.0;
        }
        int common = 0;
        for (int j : x) {
            if (Arrays.binarySearch(y, j) >= 0) {
                common++;
            }
        }
        return (double) common / (x.length + y.length - common);
    }

    /** The L1 distance of all residual and covered masses within 1e-4 of their total, per head. */
    static void assertScoresAgree(String what, HostColumnScores expected, HostColumnScores actual) {
        int nb = expected.layout().blocks().count();
        assertEquals(nb, actual.layout().blocks().count(), what);
        for (int h = 0; h < expected.layout().qHeads(); h++) {
            double diff = 0, mass = 0;
            for (int b = 0; b < nb; b++) {
                diff += Math.abs(actual.covered(h, b) - expected.covered(h, b));
                mass += expected.covered(h, b);
                for (int j = 0; j < expected.layout().keyLength(); j++) {
                    diff += Math.abs(actual.residual(h, b, j) - expected.residual(h, b, j));
                    mass += expected.residual(h, b, j);
                }
            }
            assertTrue(diff <= 1e-4 * mass, what + ", head " + h + ": L1 difference " + diff + " of mass " + mass);
        }
    }
}
