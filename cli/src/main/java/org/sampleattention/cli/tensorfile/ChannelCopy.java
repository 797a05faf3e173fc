package org.sampleattention.cli.tensorfile;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Copies between a file and off-heap memory in chunks, so tensors larger than 2 GiB (one
 * {@link ByteBuffer}'s limit) move without a heap copy. Plain reads rather than a memory map: a file
 * truncated by someone else while mapped would crash the JVM, a short read is just an exception.
 */
final class ChannelCopy {
    private static final int CHUNK = 1 << 30;

    private ChannelCopy() {
    }

    static void read(FileChannel channel, long position, MemorySegment target) throws IOException {
        long total = target.byteSize();
        for (long done = 0; done < total; ) {
            int chunk = (int) Math.min(CHUNK, total - done);
            ByteBuffer buffer = target.asSlice(done, chunk).asByteBuffer();
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + done + buffer.position()) < 0) {
                    throw new EOFException("file ended after " + (done + buffer.position()) + " of " + total
                            + " data bytes");
                }
            }
            done += chunk;
        }
    }

    static void write(FileChannel channel, MemorySegment source) throws IOException {
        long total = source.byteSize();
        for (long done = 0; done < total; ) {
            int chunk = (int) Math.min(CHUNK, total - done);
            ByteBuffer buffer = source.asSlice(done, chunk).asByteBuffer();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            done += chunk;
        }
    }

    /** Exactly {@code length} bytes at {@code position}, or an exception if the file is shorter. */
    static ByteBuffer readBytes(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("file ended after " + (position + buffer.position()) + " bytes");
            }
        }
        return buffer.flip();
    }
}
