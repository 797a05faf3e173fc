package org.sampleattention.cpu;

import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.spi.AttentionEngine;

/** Run in a child JVM without the incubator module: the backend must still work, on scalar kernels. */
public final class ScalarFallbackMain {
    private ScalarFallbackMain() {
    }

    public static void main(String[] args) {
        try (RandomInput in = RandomInput.of(DType.F32, 2, 1, 9, 9, 5, 1);
             AttentionEngine engine = new CpuBackend().create();
             AttentionTensor out = engine.attention().dense(in.input(), SampleAttentionConfig.defaults())) {
            System.out.println("device: " + engine.device() + ", output " + out.shape());
        }
    }
}
