package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttention;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.SampleAttentionResult;
import org.sampleattention.Tensor;
import org.sampleattention.reference.ReferenceBackend;

/** Residency, transfers, errors and memory accounting of a cuda engine. */
@Tag("gpu")
class CudaEngineGpuTest {

    private static CudaEngine engine() {
        DeviceAssumptions.assumeDevice();
        return (CudaEngine) new CudaBackend().create();
    }

    @Test
    void uploadDownloadRoundTripsBitExactly() {
        try (CudaEngine cuda = engine(); Tensor host = RandomInputs.uniform(7, DType.BF16, 3, 101, 37);
             CudaTensor device = cuda.upload(host); Tensor back = cuda.download(device)) {
            assertEquals("cuda:0", device.location());
            assertEquals(-1, host.segment().mismatch(back.segment()));
        }
    }

    @Test
    void copiesOfMoreThanTwoGibibytesMoveInChunks() {
        long elements = (5L << 30) / 8; // 2.5 GiB of f32
        try (CudaEngine cuda = engine(); Tensor host = Tensor.allocate(DType.F32, 1, elements / 64, 64)) {
            for (long i = 0; i < host.byteSize() / 8; i++) {
                host.segment().setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, i * 0x9E3779B97F4A7C15L);
            }
            try (CudaTensor device = cuda.upload(host); Tensor back = cuda.download(device)) {
                assertEquals(-1, host.segment().mismatch(back.segment()));
            }
        }
    }

    @Test
    void deviceResidentInputsGiveDeviceResidentOutputAndEveryBufferIsFreed() {
        try (CudaEngine cuda = engine()) {
            AttentionInput host = RandomInputs.striped(11, DType.F16, 2, 1, 70, 90, 64);
            AttentionInput device = new AttentionInput(cuda.upload((Tensor) host.q()), cuda.upload((Tensor) host.k()),
                    cuda.upload((Tensor) host.v()));
            try (AttentionTensor out = cuda.attention().dense(device, SampleAttentionConfig.defaults())) {
                assertInstanceOf(CudaTensor.class, out);
            }
            RandomInputs.close(device);
            RandomInputs.close(host);
            assertEquals(0, cuda.context().liveBytes(), "device memory still allocated");
        }
    }

    @Test
    void aPaddedHeadDimFreesItsCopiesOfEveryStage() {
        try (CudaEngine cuda = engine()) {
            assertEquals(96, cuda.runDim(DType.BF16, 80), "d = 80 runs on the d = 96 tiles");
            AttentionInput host = RandomInputs.striped(13, DType.BF16, 4, 2, 150, 170, 80);
            AttentionInput device = new AttentionInput(cuda.upload((Tensor) host.q()), cuda.upload((Tensor) host.k()),
                    cuda.upload((Tensor) host.v()));
            SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).build();
            try (AttentionTensor dense = cuda.attention().dense(device, config);
                 SampleAttentionResult sparse = new SampleAttention(cuda, config).compute(device)) {
                assertEquals(host.q().shape(), dense.shape(), "the output has the caller's head dim");
                assertEquals(host.q().shape(), sparse.output().shape());
            }
            RandomInputs.close(device);
            RandomInputs.close(host);
            assertEquals(0, cuda.context().liveBytes(), "device memory still allocated");
        }
    }

    @Test
    void withPaddingOffTheRowWiseKernelsRunTheHeadDimAndMatchTheReference() {
        String before = System.getProperty(HeadDimPadding.PROPERTY);
        System.setProperty(HeadDimPadding.PROPERTY, "off");
        try (CudaEngine cuda = engine(); var reference = new ReferenceBackend().create()) {
            assertEquals(80, cuda.runDim(DType.BF16, 80));
            for (DType dtype : new DType[] {DType.BF16, DType.F32}) {
                AttentionInput host = RandomInputs.striped(14, dtype, 4, 2, 150, 170, 80);
                SampleAttentionConfig config = SampleAttentionConfig.defaults();
                try (AttentionTensor actual = cuda.attention().dense(host, config);
                     AttentionTensor expected = reference.attention().dense(host, config)) {
                    double error = Comparisons.relativeL2((Tensor) actual, (Tensor) expected);
                    assertTrue(error <= Comparisons.tolerance(dtype), dtype + ": relative L2 error " + error);
                }
                RandomInputs.close(host);
            }
        } finally {
            if (before == null) {
                System.clearProperty(HeadDimPadding.PROPERTY);
            } else {
                System.setProperty(HeadDimPadding.PROPERTY, before);
            }
        }
    }

    @Test
    void aRepeatedCallReusesTheDeviceMemoryOfTheLastOne() {
        try (CudaEngine cuda = engine()) {
            AttentionInput host = RandomInputs.striped(12, DType.BF16, 4, 2, 300, 300, 128);
            SampleAttentionConfig config = SampleAttentionConfig.builder().minSparseLength(0).build();
            SampleAttention attention = new SampleAttention(cuda, config);
            attention.compute(host).close();
            long kept = cuda.context().spareBytes();
            assertTrue(kept > 0, "the first call's buffers are kept for reuse");
            attention.compute(host).close();
            assertEquals(kept, cuda.context().spareBytes(), "the second call took every buffer from the first's, "
                    + "and gave them back");
            assertEquals(0, cuda.context().liveBytes());
            RandomInputs.close(host);
        }
    }

    @Test
    void nonFiniteInputIsRejectedByPosition() {
        try (CudaEngine cuda = engine()) {
            AttentionInput host = RandomInputs.striped(3, DType.BF16, 2, 1, 10, 20, 64);
            ((Tensor) host.k()).set((0L * 20 + 5) * 64 + 9, Float.NaN);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> cuda.attention().dense(host, SampleAttentionConfig.defaults()));
            assertTrue(e.getMessage().contains("k holds a non-finite value") && e.getMessage().contains("token 5"),
                    e.getMessage());
            RandomInputs.close(host);
            assertEquals(0, cuda.context().liveBytes(), "a failed call must free its temporaries");
        }
    }

    @Test
    void anotherEnginesTensorIsRejected() {
        try (CudaEngine a = engine(); CudaEngine b = engine(); Tensor host = RandomInputs.uniform(1, DType.F32, 1, 8, 64);
             CudaTensor onA = a.upload(host)) {
            var e = assertThrows(IllegalArgumentException.class, () -> b.download(onA));
            assertTrue(e.getMessage().contains("another cuda engine"), e.getMessage());
        }
    }

    @Test
    void allocationsTheDeviceCannotHoldFailClearly() {
        try (CudaEngine cuda = engine()) {
            long total = cuda.context().info().totalMemory();
            var tooLarge = assertThrows(IllegalArgumentException.class, () -> cuda.context().allocate(total + 1, "test"));
            assertTrue(tooLarge.getMessage().contains("has only"), tooLarge.getMessage());
            try (DeviceBuffer most = cuda.context().allocate(total / 10 * 7, "first")) {
                var noRoom = assertThrows(IllegalStateException.class,
                        () -> cuda.context().allocate(total / 10 * 7, "second"));
                assertTrue(noRoom.getMessage().contains("cannot allocate"), noRoom.getMessage());
            }
        }
    }

    @Test
    void aClosedEngineRefusesWork() {
        CudaEngine cuda = engine();
        cuda.close();
        cuda.close(); // idempotent
        try (Tensor host = RandomInputs.uniform(1, DType.F32, 1, 8, 64)) {
            assertThrows(IllegalStateException.class, () -> cuda.upload(host));
        }
    }
}
