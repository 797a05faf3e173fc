package org.sampleattention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sampleattention.DType;
import org.sampleattention.Tensor;

class OutputErrorTest {
    @Test
    void relativeL2OverallAndPerHead() {
        // head 0: base (3, 4), out (3, 4): no error; head 1: base (0, 2), out (0, 1): error 1 / 2
        try (Tensor base = Tensor.of(DType.F32, new float[] {3, 4, 0, 2}, 2, 1, 2);
             Tensor out = Tensor.of(DType.F32, new float[] {3, 4, 0, 1}, 2, 1, 2)) {
            OutputError e = OutputError.of(out, base);
            assertEquals(0, e.perHead()[0]);
            assertEquals(0.5, e.perHead()[1], 1e-12);
            assertEquals(Math.sqrt(1.0 / 29), e.overall(), 1e-12);
        }
    }

    @Test
    void rejectsDifferentShapes() {
        try (Tensor a = Tensor.allocate(DType.F32, 1, 2, 2); Tensor b = Tensor.allocate(DType.F32, 1, 2, 3)) {
            assertThrows(IllegalArgumentException.class, () -> OutputError.of(a, b));
        }
    }
}
