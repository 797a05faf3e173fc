package org.sampleattention.cpu;

import java.util.stream.Stream;

/** The two kernel implementations, for tests parameterised over both paths. */
enum Kernels {
    VECTOR,
    SCALAR;

    TileKernels create() {
        return this == VECTOR ? TileKernelsProvider.vector() : TileKernelsProvider.scalar();
    }

    /** An engine on these kernels with two workers (the test machine's core count, and more than one). */
    CpuEngine engine() {
        return new CpuEngine(create(), 2);
    }

    static Stream<Kernels> both() {
        return Stream.of(values());
    }
}
