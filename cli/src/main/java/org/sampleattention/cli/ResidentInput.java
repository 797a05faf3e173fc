package org.sampleattention.cli;

import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.Tensor;
import org.sampleattention.spi.AttentionEngine;

/**
 * A host input made resident where an engine computes (a device copy for GPU engines, the same
 * tensors for host engines). Closing frees the device copies only, never the caller's host tensors.
 */
final class ResidentInput implements AutoCloseable {
    private final AttentionInput host;
    private final AttentionInput resident;

    private ResidentInput(AttentionInput host, AttentionInput resident) {
        this.host = host;
        this.resident = resident;
    }

    static ResidentInput upload(AttentionEngine engine, AttentionInput host) {
        AttentionTensor q = engine.upload((Tensor) host.q());
        AttentionTensor k = null, v = null;
        try {
            k = engine.upload((Tensor) host.k());
            v = engine.upload((Tensor) host.v());
            return new ResidentInput(host, new AttentionInput(q, k, v));
        } catch (RuntimeException e) {
            freeCopy(q, host.q());
            if (k != null) {
                freeCopy(k, host.k());
            }
            throw e;
        }
    }

    AttentionInput input() {
        return resident;
    }

    private static void freeCopy(AttentionTensor copy, AttentionTensor original) {
        if (copy != original) {
            copy.close();
        }
    }

    @Override
    public void close() {
        freeCopy(resident.q(), host.q());
        freeCopy(resident.k(), host.k());
        freeCopy(resident.v(), host.v());
    }
}
