package org.sampleattention.it.selection;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Surefire execution {@code selection-duplicate}: backend-cpu plus a directory (src/test/impostor)
 * whose service entry registers {@link ImpostorCpuBackend}, a second backend named "cpu".
 */
class DuplicateNameSelectionTest {

    @Test
    void twoJarsDeclaringOneNameFailInsteadOfOneSilentlyWinning() {
        var e = assertThrows(IllegalStateException.class, () -> Discovered.selector().select());
        assertTrue(e.getMessage().contains("two backends declare the name 'cpu'"), e.getMessage());
        assertTrue(e.getMessage().contains(ImpostorCpuBackend.class.getName()), e.getMessage());
    }
}
