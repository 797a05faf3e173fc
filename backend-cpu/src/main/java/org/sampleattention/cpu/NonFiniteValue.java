package org.sampleattention.cpu;

/**
 * Raised by a kernel that widened a NaN or an infinity, so that the stage can stop and report the
 * value the way {@link org.sampleattention.spi.HostInput#of} does (tensor, head, token, dim): the
 * attention stage checks values as it reads them instead of scanning q, k and v first.
 */
final class NonFiniteValue extends RuntimeException {
    NonFiniteValue() {
        super("non-finite input value", null, false, false);
    }
}
