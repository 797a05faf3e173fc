package org.sampleattention.conformance;

import java.util.ArrayList;
import java.util.List;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.Tensor;
import org.sampleattention.spi.AttentionBackend;
import org.sampleattention.spi.AttentionEngine;

/**
 * One engine of the backend under test for one case: inputs go where the engine computes (so device
 * backends are tested on device-resident tensors), outputs come back to the host, and everything the
 * case made is freed on close.
 */
final class EngineSession implements AutoCloseable {
    private final AttentionEngine engine;
    private final List<AttentionTensor> owned = new ArrayList<>();

    EngineSession(AttentionBackend backend) {
        this.engine = backend.create();
    }

    AttentionEngine engine() {
        return engine;
    }

    /** The input made resident on the engine; device copies are freed with the session. */
    AttentionInput upload(AttentionInput host) {
        return new AttentionInput(upload(host.q()), upload(host.k()), upload(host.v()));
    }

    private AttentionTensor upload(AttentionTensor t) {
        if (!(t instanceof Tensor host)) {
            return t;
        }
        AttentionTensor resident = engine.upload(host);
        if (resident != host) {
            owned.add(resident);
        }
        return resident;
    }

    /** A host copy of an engine output; the engine's tensor is freed now. The caller closes the copy. */
    Tensor download(AttentionTensor output) {
        try {
            return engine.download(output);
        } finally {
            output.close();
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (AttentionTensor t : owned) {
            try {
                t.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        engine.close();
        if (first != null) {
            throw first;
        }
    }
}
