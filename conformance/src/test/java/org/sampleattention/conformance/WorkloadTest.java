package org.sampleattention.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sampleattention.DType;
import org.sampleattention.Shape;
import org.sampleattention.Tensor;

class WorkloadTest {

    @Test
    void equalSpecsGenerateIdenticalBytesAndSeedsChangeThem() {
        WorkloadSpec spec = new WorkloadSpec(WorkloadKind.LLM, 1500, 1100, 4, 2, 80, DType.BF16, 7);
        try (Workload a = Workload.generate(spec); Workload b = Workload.generate(spec);
             Workload c = Workload.generate(new WorkloadSpec(WorkloadKind.LLM, 1500, 1100, 4, 2, 80, DType.BF16, 8))) {
            for (String t : new String[] {"q", "k", "v"}) {
                assertEquals(-1, segment(a, t).mismatch(segment(b, t)), t + " differs between equal specs");
                assertNotEquals(-1, segment(a, t).mismatch(segment(c, t)), t + " ignores the seed");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void shapesFollowTheSpecInEveryDtype(DType dtype) {
        WorkloadSpec spec = new WorkloadSpec(WorkloadKind.MIXED, 300, 77, 6, 3, 33, dtype, 1);
        try (Workload w = Workload.generate(spec)) {
            assertEquals(Shape.of(6, 77, 33), w.input().q().shape());
            assertEquals(Shape.of(3, 300, 33), w.input().k().shape());
            assertEquals(Shape.of(3, 300, 33), w.input().v().shape());
            assertEquals(dtype, w.input().dtype());
            assertEquals(-1, ((Tensor) w.input().q()).firstNonFinite());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 64, 256})
    void anyHeadDimGeneratesFiniteValues(int d) {
        try (Workload w = Workload.generate(WorkloadSpec.of(WorkloadKind.LLM, 70, 2, 1, d, DType.F16, 3))) {
            for (var t : new Tensor[] {(Tensor) w.input().q(), (Tensor) w.input().k(), (Tensor) w.input().v()}) {
                assertEquals(-1, t.firstNonFinite(), "non-finite value at d = " + d);
            }
        }
    }

    @Test
    void llmMixesHeadKindsWithinGqaGroupsAndEndsOnANeedleHead() {
        try (Workload w = Workload.generate(WorkloadSpec.of(WorkloadKind.LLM, 256, 8, 4, 64, DType.F32, 1))) {
            Set<WorkloadKind> kinds = EnumSet.noneOf(WorkloadKind.class);
            IntStream.range(0, 8).forEach(h -> kinds.add(w.headKind(h)));
            assertEquals(EnumSet.of(WorkloadKind.LOCAL, WorkloadKind.STRIPE, WorkloadKind.MIXED, WorkloadKind.NEEDLE), kinds);
            assertNotEquals(w.headKind(0), w.headKind(1), "q-heads 0 and 1 share kv-head 0 yet should differ in kind");
            assertEquals(WorkloadKind.NEEDLE, w.headKind(7));
            assertTrue(Arrays.equals(new int[] {7}, w.needleHeads()));
        }
    }

    @Test
    void needleSitsFarFromTheLastQueriesAndOnlyNeedleWorkloadsHaveOne() {
        try (Workload w = Workload.generate(WorkloadSpec.of(WorkloadKind.NEEDLE, 4096, 2, 1, 64, DType.F32, 5));
             Workload local = Workload.generate(WorkloadSpec.of(WorkloadKind.LOCAL, 4096, 2, 1, 64, DType.F32, 5))) {
            int pos = w.needlePosition().orElseThrow();
            assertTrue(pos >= 0.15 * 4096 && pos <= 0.41 * 4096, "needle at " + pos);
            assertTrue(Arrays.binarySearch(w.heavyHitters(), pos) < 0, "needle is a heavy hitter");
            assertTrue(local.needlePosition().isEmpty());
            assertTrue(w.needleRows() >= 2);
        }
    }

    @Test
    void rejectsImpossibleSpecs() {
        assertThrows(IllegalArgumentException.class, () -> new WorkloadSpec(WorkloadKind.LLM, 10, 11, 1, 1, 8, DType.F32, 1));
        assertThrows(IllegalArgumentException.class, () -> WorkloadSpec.of(WorkloadKind.LLM, 10, 3, 2, 8, DType.F32, 1));
        assertThrows(IllegalArgumentException.class, () -> WorkloadSpec.of(WorkloadKind.LLM, 10, 2, 2, 0, DType.F32, 1));
    }

    @Test
    void halfPrecisionValuesStayFarBelowTheF16Range() {
        try (Workload w = Workload.generate(WorkloadSpec.of(WorkloadKind.LLM, 8192, 4, 4, 256, DType.F32, 2))) {
            float[] q = ((Tensor) w.input().q()).toFloatArray();
            double max = 0;
            for (float x : q) {
                max = Math.max(max, Math.abs(x));
            }
            assertTrue(max < 4096, "largest |q| " + max + " would lose too much in f16");
        }
    }

    private static MemorySegment segment(Workload w, String which) {
        return ((Tensor) switch (which) {
            case "q" -> w.input().q();
            case "k" -> w.input().k();
            default -> w.input().v();
        }).segment();
    }
}
