package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cap on freed device memory a context keeps for reuse. */
class CudaContextTest {

    @Test
    void anEighthOfTheDeviceUnlessThePropertySaysOtherwise() {
        assertEquals(16L << 30, CudaContext.reusableBytes(null, 128L << 30));
        assertEquals(0, CudaContext.reusableBytes("0", 128L << 30), "0 keeps nothing");
        assertEquals(1L << 30, CudaContext.reusableBytes(" 1073741824 ", 128L << 30));
    }

    @Test
    void aValueThatIsNotAByteCountIsAnErrorNamingTheProperty() {
        for (String bad : new String[] {"-1", "4G", "lots"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CudaContext.reusableBytes(bad, 128L << 30));
            assertTrue(e.getMessage().contains(CudaContext.REUSABLE_PROPERTY), e.getMessage());
        }
    }
}
