package org.sampleattention.cli.tensorfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Raw tensor files with a header of our choosing, for the bad-input tests. */
public final class MalformedFiles {
    private MalformedFiles() {
    }

    /** An .npy file of the given version with this header text and {@code dataBytes} zero bytes of data. */
    public static byte[] npy(int major, String header, int dataBytes) {
        byte[] text = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0}).putShort((short) text.length).put(text);
        return b.array();
    }

    /** A .safetensors file with this JSON header and {@code dataBytes} zero bytes of data. */
    public static byte[] safetensors(String json, int dataBytes) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(text.length).put(text).array();
    }
}
