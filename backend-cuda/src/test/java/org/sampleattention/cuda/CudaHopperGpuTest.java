package org.sampleattention.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.DType;
import org.sampleattention.SampleAttentionConfig;
import org.sampleattention.Tensor;
import org.sampleattention.plan.SparsePlan;

/**
 * The Hopper (wgmma) attention kernels against the reference and against the mma.sync kernel they
 * replace, on a device of compute capability 9.0: shapes with many key blocks and gathered columns
 * (so every pipeline stage and mask path runs), GQA, Nq &lt; Nk, causal and not, lengths that are
 * multiples of no tile. Skipped, with the reason, on any other device.
 */
@Tag("gpu")
class CudaHopperGpuTest extends CudaEngineTest {

    @BeforeAll
    static void requireHopper() {
        DeviceInfo device = ((CudaEngine) cuda).context().info();
        assumeTrue(HopperAttention.enabledOn(device), "the wgmma kernels need compute capability 9.0 (and "
                + HopperAttention.PROPERTY + " on); this device is " + device.summary());
    }

    static List<AttentionCases> cases() {
        List<AttentionCases> cases = new ArrayList<>();
        for (DType dtype : new DType[] {DType.BF16, DType.F16}) {
            cases.add(new AttentionCases(dtype, 8, 2, 1000, 1000, 128, true));
            cases.add(new AttentionCases(dtype, 4, 4, 700, 2049, 128, false));
            cases.add(new AttentionCases(dtype, 6, 3, 517, 1301, 64, true));
            cases.add(new AttentionCases(dtype, 2, 1, 129, 129, 64, false));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void denseAndSparseMatchTheReferenceAndTheMmaSyncKernel(AttentionCases c) {
        long seed = System.nanoTime();
        AttentionInput input = RandomInputs.striped(seed, c.dtype(), c.hq(), c.hkv(), c.nq(), c.nk(), c.d());
        SampleAttentionConfig config = SampleAttentionConfig.builder().causal(c.causal()).windowRatio(0.1).build();
        SparsePlan plan = CudaAttentionGpuTest.randomPlan(new Random(seed), input, config);
        try {
            check(c, "dense", () -> cuda.attention().dense(input, config), reference.attention().dense(input, config));
            check(c, "sparse", () -> cuda.attention().sparse(input, plan, config),
                    reference.attention().sparse(input, plan, config));
        } finally {
            RandomInputs.close(input);
        }
    }

    private static void check(AttentionCases c, String what, Supplier<AttentionTensor> call, AttentionTensor expected) {
        try (expected; AttentionTensor hopper = call.get(); AttentionTensor mmaSync = withoutHopper(call)) {
            double error = Comparisons.relativeL2((Tensor) hopper, (Tensor) expected);
            assertTrue(error <= Comparisons.tolerance(c.dtype()), c + " " + what + ": relative L2 error " + error);
            double between = Comparisons.relativeL2((Tensor) hopper, (Tensor) mmaSync);
            assertTrue(between <= Comparisons.tolerance(c.dtype()), c + " " + what
                    + ": wgmma and mma.sync kernels differ by " + between);
        }
    }

    private static AttentionTensor withoutHopper(Supplier<AttentionTensor> call) {
        String before = System.getProperty(HopperAttention.PROPERTY);
        System.setProperty(HopperAttention.PROPERTY, "off");
        try {
            return call.get();
        } finally {
            if (before == null) {
                System.clearProperty(HopperAttention.PROPERTY);
            } else {
                System.setProperty(HopperAttention.PROPERTY, before);
            }
        }
    }
}
