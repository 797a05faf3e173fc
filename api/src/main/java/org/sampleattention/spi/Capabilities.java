package org.sampleattention.spi;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.sampleattention.DType;

/**
 * What a backend can compute. Callers (and the conformance kit) use it to skip, with a reason, cases
 * a backend does not claim.
 *
 * @param dtypes         element types accepted as inputs (kept in {@link DType} order, so listings and
 *                       reports print them the same way on every run)
 * @param minHeadDim     smallest head dim accepted
 * @param maxHeadDim     largest head dim accepted
 * @param headDimStep    accepted head dims are multiples of this (1: any)
 * @param deviceResident whether {@code upload} places tensors on a device (not host memory)
 * @param memoryBytes    memory available to the backend for tensors, or -1 when unknown
 */
public record Capabilities(Set<DType> dtypes, int minHeadDim, int maxHeadDim, int headDimStep,
                           boolean deviceResident, long memoryBytes) {

    public Capabilities {
        // Set.copyOf would iterate in an order that changes from one JVM run to the next
        dtypes = dtypes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(dtypes));
        if (minHeadDim < 1 || maxHeadDim < minHeadDim || headDimStep < 1) {
            throw new IllegalArgumentException("head dims [" + minHeadDim + ", " + maxHeadDim + "] step "
                    + headDimStep + " is not a valid range");
        }
    }

    public boolean supportsHeadDim(int headDim) {
        return headDim >= minHeadDim && headDim <= maxHeadDim && headDim % headDimStep == 0;
    }

    public boolean supports(DType dtype) {
        return dtypes.contains(dtype);
    }

    @Override
    public String toString() {
        return "dtypes " + dtypes + ", head dims " + minHeadDim + ".." + maxHeadDim
                + (headDimStep > 1 ? " (multiples of " + headDimStep + ")" : "")
                + (deviceResident ? ", device-resident" : ", host memory")
                + (memoryBytes >= 0 ? ", " + (memoryBytes >> 20) + " MiB" : "");
    }
}
