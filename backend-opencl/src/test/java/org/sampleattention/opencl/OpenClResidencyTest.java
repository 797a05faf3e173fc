package org.sampleattention.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sampleattention.opencl.OpenClTestSupport.close;
import static org.sampleattention.opencl.OpenClTestSupport.randomInput;

import org.junit.jupiter.api.Test;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.spi.AttentionEngine;

/** Device tensors, memory checks, and clear errors for inputs the backend cannot take. */
class OpenClResidencyTest extends OpenClEngineTest {
    @Test
    void uploadAndDownloadKeepEveryBit() {
        for (DType dtype : DType.values()) {
            AttentionInput input = randomInput(dtype, 3, 1, 5, 5, 7, 3.0, 1);
            Tensor host = (Tensor) input.q();
            try (AttentionTensor device = engine.upload(host); Tensor back = engine.download(device)) {
                assertEquals(host.shape(), device.shape());
                assertEquals(dtype, device.dtype());
                assertTrue(device.location().startsWith("opencl:"));
                assertArrayEquals(host.toFloatArray(), back.toFloatArray());
            } finally {
                close(input);
            }
        }
    }

    @Test
    void deviceBuffersAreReleasedWithTheirTensorsAndAfterCalls() {
        ClContext context = ((OpenClEngine) engine).context();
        long before = context.bytesInUse();
        AttentionInput input = randomInput(DType.F32, 2, 2, 40, 40, 8, 1.0, 2);
        try (AttentionTensor q = engine.upload((Tensor) input.q())) {
            assertTrue(context.bytesInUse() > before);
            engine.attention().dense(input, SampleAttentionConfig.defaults()).close();
        } finally {
            close(input);
        }
        assertEquals(before, context.bytesInUse());
    }

    @Test
    void aRepeatedCallReusesTheDeviceBuffersOfTheLastOne() {
        ClContext context = ((OpenClEngine) engine).context();
        long before = context.bytesInUse();
        AttentionInput input = randomInput(DType.F32, 4, 2, 300, 300, 16, 1.0, 12);
        SampleAttention attention = new SampleAttention(engine, SampleAttentionConfig.builder().minSparseLength(0).build());
        try {
            attention.compute(input).close();
            long kept = context.spareBytes();
            assertTrue(kept > 0, "the first call's buffers are kept for reuse");
            attention.compute(input).close();
            assertEquals(kept, context.spareBytes(), "the second call took every buffer from the first's, "
                    + "and gave them back");
            assertEquals(before, context.bytesInUse());
        } finally {
            close(input);
        }
    }

    @Test
    void nonFiniteValuesAreRejectedByEveryStageNamingTheInput() {
        for (DType dtype : DType.values()) {
            AttentionInput host = randomInput(dtype, 2, 1, 9, 9, 6, 1.0, 6);
            ((Tensor) host.k()).set(31, Float.POSITIVE_INFINITY);
            SampleAttentionConfig config = SampleAttentionConfig.defaults();
            // device-resident tensors are checked where they live, at the call that reads them
            try (AttentionTensor q = engine.upload((Tensor) host.q()); AttentionTensor k = engine.upload((Tensor) host.k());
                 AttentionTensor v = engine.upload((Tensor) host.v())) {
                AttentionInput device = new AttentionInput(q, k, v);
                for (AttentionInput input : new AttentionInput[] {host, device}) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> engine.attention().dense(input, config));
                    assertTrue(e.getMessage().startsWith("k ") && e.getMessage().contains("non-finite"), e.getMessage());
                    e = assertThrows(IllegalArgumentException.class, () -> engine.sampler().sample(input, config));
                    assertTrue(e.getMessage().startsWith("k "), e.getMessage());
                }
            } finally {
                close(host);
            }
        }
        AttentionInput input = randomInput(DType.F16, 1, 1, 4, 4, 4, 1.0, 7);
        ((Tensor) input.v()).set(5, Float.NaN);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> engine.attention().sparse(input, org.sampleattention.plan.SparsePlan.allDense(new org.sampleattention.plan.MaskGeometry(4, 4, 1, true), 1, 1), SampleAttentionConfig.defaults()));
            assertTrue(e.getMessage().startsWith("v "), e.getMessage());
            // the sampler never reads v
            engine.sampler().sample(input, SampleAttentionConfig.defaults()).close();
        } finally {
            close(input);
        }
    }

    @Test
    void allocationsBeyondTheDeviceLimitsFailWithAClearMessage() {
        ClContext context = ((OpenClEngine) engine).context();
        ClDevice device = context.device();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> context.allocate(device.maxAllocBytes() + 1, "a huge tensor"));
        assertTrue(e.getMessage().contains("a huge tensor") && e.getMessage().contains("CL_DEVICE_MAX_MEM_ALLOC_SIZE"),
                e.getMessage());
        long before = context.bytesInUse();
        assertTrue(device.globalMemBytes() / device.maxAllocBytes() < 64, "test assumes few max allocations fill memory");
        long[] reserved = {0};
        try {
            // reservations run the same checks as allocations without taking the memory
            e = assertThrows(IllegalArgumentException.class, () -> {
                while (true) {
                    reserved[0] += context.reserve(device.maxAllocBytes(), "one more buffer");
                }
            });
            assertTrue(e.getMessage().contains("global memory"), e.getMessage());
        } finally {
            context.released(reserved[0]);
        }
        assertEquals(before, context.bytesInUse());
    }

    @Test
    void unsupportedHeadDimsAndForeignTensorsAreRejected() {
        AttentionInput wide = randomInput(DType.F32, 1, 1, 2, 2, OpenClBackend.MAX_HEAD_DIM + 1, 1.0, 3);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> engine.attention().dense(wide, SampleAttentionConfig.defaults()));
            assertTrue(e.getMessage().contains("head dim"), e.getMessage());
        } finally {
            close(wide);
        }
        AttentionInput input = randomInput(DType.F32, 1, 1, 4, 4, 4, 1.0, 4);
        try (AttentionEngine other = new OpenClBackend().create(); AttentionTensor foreign = other.upload((Tensor) input.q())) {
            AttentionInput mixed = new AttentionInput(foreign, input.k(), input.v());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> engine.attention().dense(mixed, SampleAttentionConfig.defaults()));
            assertTrue(e.getMessage().contains("another OpenCL engine"), e.getMessage());
        } finally {
            close(input);
        }
    }
}
