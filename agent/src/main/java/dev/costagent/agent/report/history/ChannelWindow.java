package dev.costagent.agent.report.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Bytes {@code from} to {@code to} of a file as a stream, read at their positions, so that several passes can read
 * one open channel and closing the stream leaves it open. Never past {@code to}: what a reader's snapshot saw of an
 * archive, even while a writer appends to it.
 */
final class ChannelWindow extends InputStream {

    private final FileChannel ch;
    private final long end;
    private long position;

    ChannelWindow(FileChannel ch, long from, long to) {
        this.ch = ch;
        this.position = from;
        this.end = to;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
    }
}
