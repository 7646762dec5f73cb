package dev.costagent.agent.report.history;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The decompressed bytes of a file of gzip members one after the other (RFC 1952), read strictly: every member must
 * be whole, its CRC right, and nothing but members may follow. An archive is only ever appended to, member after
 * member, and a damaged member must make the whole file fail, so that it is kept aside and nothing more is appended
 * to it.
 *
 * <p>The JDK's {@code GZIPInputStream} is not strict there: when the bytes after a member are not a gzip header, it
 * ends the stream as if the file ended (so the members after a damaged header would vanish unnoticed), and releases
 * differ in how they treat them. This class uses the JDK's {@link Inflater} for the compressed data and reads only
 * the member's frame (a 10-byte header with its optional fields, and an 8-byte trailer) itself.
 */
final class GzipMembers extends InputStream {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private long consumed;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private boolean inMember;
    private boolean finished;

    GzipMembers(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = read(one, 0, 1)) == 0) {
            // An inflater may give nothing for a while: ask again.
        }
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!finished) {
            if (!inMember) {
                if (!fill(1)) {
                    finished = true;
                    break;
                }
                header();
                inMember = true;
            }
            int n = inflate(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                trailer();
                inMember = false;
            }
        }
        return -1;
    }

    private int inflate(byte[] b, int off, int len) throws IOException {
        try {
            while (true) {
                int n = inflater.inflate(b, off, len);
                if (n > 0 || inflater.finished()) {
                    return n;
                }
                if (inflater.needsDictionary()) {
                    throw new ZipException("a member needs a preset dictionary, at byte " + consumed);
                }
                if (inflater.needsInput()) {
                    if (!fill(1)) {
                        throw new EOFException("the file ends inside a member, at byte " + consumed);
                    }
                    inflater.setInput(buffer, start, end - start);
                    consumed += end - start;
                    start = end;
                }
            }
        } catch (DataFormatException e) {
            throw new ZipException("damaged compressed data near byte " + consumed + " (" + e.getMessage() + ")");
        }
    }

    /** Reads a member's header; the inflater then gets what follows it. */
    private void header() throws IOException {
        long at = consumed;
        if (u8() != 0x1f || u8() != 0x8b) {
            throw new ZipException("no gzip member starts at byte " + at);
        }
        if (u8() != 8) {
            throw new ZipException("a member at byte " + at + " is not deflated");
        }
        int flags = u8();
        if ((flags & 0xe0) != 0) {
            throw new ZipException("a member at byte " + at + " has reserved flags set");
        }
        skip(6); // modification time, extra flags, operating system
        if ((flags & FEXTRA) != 0) {
            skip(u8() | u8() << 8);
        }
        if ((flags & FNAME) != 0) {
            while (u8() != 0) {
                // the original file name, zero-terminated
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (u8() != 0) {
                // a comment, zero-terminated
            }
        }
        if ((flags & FHCRC) != 0) {
            skip(2);
        }
        inflater.reset();
        crc.reset();
        inflater.setInput(buffer, start, end - start);
        consumed += end - start;
        start = end;
    }

    /** Checks a member's trailer against what was inflated. */
    private void trailer() throws IOException {
        // What the inflater was given past the member's end is the trailer and what follows it.
        int unused = inflater.getRemaining();
        start -= unused;
        consumed -= unused;
        long expectedCrc = u32();
        long expectedSize = u32();
        if (expectedCrc != crc.getValue() || expectedSize != (inflater.getBytesWritten() & 0xffffffffL)) {
            throw new ZipException("a member ending at byte " + consumed + " does not match its checksum");
        }
    }

    private int u8() throws IOException {
        if (!fill(1)) {
            throw new EOFException("the file ends inside a member's frame, at byte " + consumed);
        }
        consumed++;
        return buffer[start++] & 0xff;
    }

    private long u32() throws IOException {
        return u8() | (long) u8() << 8 | (long) u8() << 16 | (long) u8() << 24;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            u8();
        }
    }

    /** At least {@code n} unread bytes in the buffer, reading more when needed; false at the end of the input. */
    private boolean fill(int n) throws IOException {
        if (end - start >= n) {
            return true;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end - start < n) {
            int r = in.read(buffer, end, buffer.length - end);
            if (r < 0) {
                return false;
            }
            end += r;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
