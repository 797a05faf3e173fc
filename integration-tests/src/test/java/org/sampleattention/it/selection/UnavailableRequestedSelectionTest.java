package org.sampleattention.it.selection;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.sampleattention.select.BackendStatus;

/** Surefire execution {@code selection-unavailable}: every backend, {@code -Dsampleattention.backend=cuda}. */
class UnavailableRequestedSelectionTest {

    @Test
    void aRequestedBackendThatIsPresentButUnavailableFailsWithItsReason() {
        BackendStatus cuda = Discovered.status("cuda");
        assumeFalse(cuda.available(), "this machine has a CUDA device, so cuda is available");
        var e = assertThrows(IllegalStateException.class, () -> Discovered.selector().select());
        String reason = cuda.availability().reason();
        assertTrue(e.getMessage().startsWith("backend 'cuda' was requested but is unavailable: "), e.getMessage());
        assertTrue(e.getMessage().contains(reason.lines().findFirst().orElseThrow()), e.getMessage());
        assertTrue(e.getMessage().contains("  cpu (priority 200): available"), e.getMessage());
    }
}
