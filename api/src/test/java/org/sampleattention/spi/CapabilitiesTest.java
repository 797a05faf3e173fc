package org.sampleattention.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sampleattention.DType;

class CapabilitiesTest {
    @Test
    void dtypesAreListedInDeclarationOrderWhateverOrderTheyCameIn() {
        Capabilities caps = new Capabilities(Set.of(DType.BF16, DType.F32, DType.F16), 1, 256, 1, false, -1);
        assertEquals(List.of(DType.values()), List.copyOf(caps.dtypes()));
        assertTrue(caps.toString().startsWith("dtypes [F32, F16, BF16], head dims 1..256"), caps.toString());
    }

    @Test
    void theDtypesCannotBeChangedAfterwards() {
        Capabilities caps = new Capabilities(Set.of(DType.F32), 1, 8, 1, false, -1);
        assertThrows(UnsupportedOperationException.class, () -> caps.dtypes().add(DType.F16));
        assertEquals(Set.of(), new Capabilities(Set.of(), 1, 8, 1, false, -1).dtypes());
    }
}
