package org.sampleattention.opencl;

import org.sampleattention.AttentionInput;
import org.sampleattention.AttentionTensor;
import org.sampleattention.Tensor;

/**
 * The device buffers of an attention input: the engine's own device tensors as they are, host tensors
 * copied in for the duration of one call (and released by {@link #close}).
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

    @Override
    public void close() {
        copies.close();
    }
}
