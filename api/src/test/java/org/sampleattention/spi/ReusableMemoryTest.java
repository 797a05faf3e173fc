package org.sampleattention.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cap on released device memory a backend keeps for reuse. */
class ReusableMemoryTest {
    private static final String PROPERTY = "sampleattention.test.reusableBytes";

    @Test
    void anEighthOfTheDeviceUnlessThePropertySaysOtherwise() {
        assertEquals(16L << 30, ReusableMemory.cap(PROPERTY, null, 128L << 30));
        assertEquals(0, ReusableMemory.cap(PROPERTY, "0", 128L << 30), "0 keeps nothing");
        assertEquals(1L << 30, ReusableMemory.cap(PROPERTY, " 1073741824 ", 128L << 30));
    }

    @Test
    void aValueThatIsNotAByteCountIsAnErrorNamingTheProperty() {
        for (String bad : new String[] {"-1", "4G", "lots"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ReusableMemory.cap(PROPERTY, bad, 128L << 30));
            assertTrue(e.getMessage().contains(PROPERTY) && e.getMessage().contains(bad), e.getMessage());
        }
    }
}
