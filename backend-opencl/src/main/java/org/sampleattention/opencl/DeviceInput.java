package org.sampleattention.opencl;

import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.Tensor;

/**
 * The device buffers of an attention input: the engine's own device tensors as they are, host tensors
 * copied in for the duration of one call (and released by {@link #close}). Every tensor a call reads
 * is checked on the device for NaN and infinity first, wherever it came from.
 */
final class DeviceInput implements AutoCloseable {
    final AttentionInput input;
    final ClBuffer q;
    final ClBuffer k;
    final ClBuffer v;
    private final Scratch copies = new Scratch();

    private DeviceInput(AttentionInput input, OpenClEngine engine, boolean needsValues) {
        this.input = input;
        try {
            this.q = resolve(input.q(), "q", engine);
            this.k = resolve(input.k(), "k", engine);
            this.v = needsValues ? resolve(input.v(), "v", engine) : null;
            requireFinite(engine, input);
        } catch (RuntimeException e) {
            copies.close();
            throw e;
        }
    }

    static DeviceInput of(AttentionInput input, OpenClEngine engine) {
        return new DeviceInput(input, engine, true);
    }

    /** q and k only: the sampler never reads v. */
    static DeviceInput queriesAndKeys(AttentionInput input, OpenClEngine engine) {
        return new DeviceInput(input, engine, false);
    }

    boolean queriesOnHost() {
        return input.q() instanceof Tensor;
    }

    private ClBuffer resolve(AttentionTensor tensor, String name, OpenClEngine engine) {
        if (tensor instanceof ClTensor device) {
            if (device.engine() != engine) {
                throw new IllegalArgumentException(name + " is resident at " + device.location()
                        + " of another OpenCL engine; download it and pass the host tensor instead");
            }
            return device.buffer();
        }
        if (tensor instanceof Tensor host) {
            return copies.add(engine.copyToDevice(host, name));
        }
        throw new IllegalArgumentException(name + " is resident at " + tensor.location()
                + ", which the opencl backend cannot read: download it first");
    }

    private void requireFinite(OpenClEngine engine, AttentionInput input) {
        ClContext context = engine.context();
        ClKernel check = engine.sharedKernels().findNonFinite;
        int group = check.workGroup(256);
        ClBuffer[] buffers = {q, k, v};
        AttentionTensor[] tensors = {input.q(), input.k(), input.v()};
        String[] names = {"q", "k", "v"};
        try (ClBuffer flags = context.allocate(3L * Integer.BYTES, "finite-value flags")) {
            context.zero(flags, 3L * Integer.BYTES);
            for (int t = 0; t < 3; t++) {
                if (buffers[t] != null) {
                    long count = tensors[t].shape().elementCount();
                    long items = Math.min(ClKernel.roundUp(count, group), (long) group * 4096);
                    check.args(buffers[t], tensors[t].dtype().ordinal(), count, flags, t)
                            .launch(new long[] {items}, new long[] {group});
                }
            }
            int[] found = new int[3];
            context.read(flags, 0, found);
            for (int t = 0; t < 3; t++) {
                if (found[t] != 0) {
                    throw new IllegalArgumentException(names[t] + " " + tensors[t].shape() + " holds a non-finite value"
                            + " (NaN or infinity); every input of the opencl backend must be finite");
                }
            }
        }
    }

    @Override
    public void close() {
        copies.close();
    }
}
