package org.sampleattention.opencl;

import java.util.ArrayList;
import java.util.List;

/** Temporary device buffers of one call, released together when the call ends (normally or not). */
final class Scratch implements AutoCloseable {
    private final List<ClBuffer> buffers = new ArrayList<>();

    ClBuffer add(ClBuffer buffer) {
        buffers.add(buffer);
        return buffer;
    }

    @Override
    public void close() {
        for (int i = buffers.size() - 1; i >= 0; i--) {
            buffers.get(i).close();
        }
        buffers.clear();
    }
}
