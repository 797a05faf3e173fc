package org.sampleattention.spi;

import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.Tensor;

/**
 * The host tensors of an attention input, checked for what every host backend needs: host
 * residency and finite values (a NaN or infinity would silently poison every softmax it touches).
 */
public record HostInput(AttentionInput input, Tensor q, Tensor k, Tensor v) {

    /** Validates the input for a host backend named {@code backend}. */
    public static HostInput of(AttentionInput input, String backend) {
        Tensor q = host(input.q(), "q", backend);
        Tensor k = host(input.k(), "k", backend);
        Tensor v = host(input.v(), "v", backend);
        requireFinite(q, "q");
        requireFinite(k, "k");
        requireFinite(v, "v");
        return new HostInput(input, q, k, v);
    }

    private static Tensor host(AttentionTensor t, String name, String backend) {
        if (t instanceof Tensor h) {
            return h;
        }
        throw new IllegalArgumentException(name + " is resident at " + t.location() + " but the " + backend
                + " backend computes on host tensors: download it first");
    }

    private static void requireFinite(Tensor t, String name) {
        long at = t.firstNonFinite();
        if (at >= 0) {
            long d = t.shape().dim(2), n = t.shape().dim(1);
            throw new IllegalArgumentException(name + " holds a non-finite value (" + t.get(at) + ") at [head "
                    + at / (n * d) + ", token " + (at / d) % n + ", dim " + at % d + "]");
        }
    }
}
