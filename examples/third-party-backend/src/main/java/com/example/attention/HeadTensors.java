package com.example.attention;

import org.sampleattention.AttentionInput;
import org.sampleattention.Tensor;
import org.sampleattention.spi.HostInput;

/** q, k and v of an input as f32 arrays per head, after the checks every host backend makes. */
record HeadTensors(AttentionInput input, float[][] q, float[][] k, float[][] v) {

    static HeadTensors load(AttentionInput input, boolean withValues) {
        HostInput host = HostInput.of(input, RowBackend.NAME);
        if (input.headDim() > RowBackend.MAX_HEAD_DIM) {
            throw new IllegalArgumentException("head dim " + input.headDim() + " is above the " + RowBackend.NAME
                    + " backend's limit of " + RowBackend.MAX_HEAD_DIM);
        }
        return new HeadTensors(input, heads(host.q()), heads(host.k()), withValues ? heads(host.v()) : null);
    }

    private static float[][] heads(Tensor t) {
        int heads = (int) t.shape().dim(0);
        long perHead = t.shape().dim(1) * t.shape().dim(2);
        if (perHead > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("one head of " + t.shape() + " exceeds a float[]");
        }
        float[][] out = new float[heads][(int) perHead];
        for (int h = 0; h < heads; h++) {
            t.read(h * perHead, out[h], 0, (int) perHead);
        }
        return out;
    }
}
