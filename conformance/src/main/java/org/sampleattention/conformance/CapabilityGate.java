package org.sampleattention.conformance;

import java.util.Optional;
import org.sampleattention.spi.Capabilities;

/** Why a backend's declared capabilities rule a case out, if they do; the reason is reported, never hidden. */
final class CapabilityGate {
    private CapabilityGate() {
    }

    static Optional<String> skipReason(Capabilities caps, WorkloadSpec spec) {
        if (!caps.supports(spec.dtype())) {
            return Optional.of("backend does not declare dtype " + spec.dtype() + " (declares " + caps.dtypes() + ")");
        }
        if (!caps.supportsHeadDim(spec.headDim())) {
            return Optional.of("backend does not declare head dim " + spec.headDim() + " (declares " + caps + ")");
        }
        long bytes = inputBytes(spec);
        if (caps.memoryBytes() >= 0 && bytes > caps.memoryBytes()) {
            return Optional.of("inputs need about " + (bytes >> 20) + " MiB, the backend declares "
                    + (caps.memoryBytes() >> 20) + " MiB");
        }
        return Optional.empty();
    }

    /** q, k, v and the output, a rough lower bound of what a case needs on the device. */
    static long inputBytes(WorkloadSpec spec) {
        long q = (long) spec.qHeads() * spec.queryLength() * spec.headDim();
        long kv = (long) spec.kvHeads() * spec.keyLength() * spec.headDim();
        return (2 * q + 2 * kv) * spec.dtype().byteSize();
    }
}
