package org.sampleattention.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SwitchTest {

    @Test
    void absentMeansOnAndTheUsualSpellingsAreUnderstood() {
        assertTrue(Switch.on("x.feature", null));
        assertTrue(Switch.on("x.feature", "auto"));
        assertTrue(Switch.on("x.feature", " ON "));
        assertFalse(Switch.on("x.feature", "off"));
        assertFalse(Switch.on("x.feature", "FALSE"));
        assertFalse(Switch.on("x.feature", "0"));
    }

    @Test
    void anythingElseIsAnErrorNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Switch.on("x.feature", "maybe"));
        assertTrue(e.getMessage().contains("-Dx.feature=maybe"), e.getMessage());
    }
}
