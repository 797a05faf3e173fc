package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cap on released device memory a context keeps for reuse. */
class ClContextTest {

    @Test
    void anEighthOfTheDeviceUnlessThePropertySaysOtherwise() {
        assertEquals(16L << 30, ClContext.reusableBytes(null, 128L << 30));
        assertEquals(0, ClContext.reusableBytes("0", 128L << 30), "0 keeps nothing");
        assertEquals(1L << 30, ClContext.reusableBytes(" 1073741824 ", 128L << 30));
    }

    @Test
    void aValueThatIsNotAByteCountIsAnErrorNamingTheProperty() {
        for (String bad : new String[] {"-1", "4G", "lots"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClContext.reusableBytes(bad, 128L << 30));
            assertTrue(e.getMessage().contains(ClContext.REUSABLE_PROPERTY), e.getMessage());
        }
    }
}
