package dev.costagent.agent.report.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The strict reading of an archive's gzip members: whole members read, anything else refused. */
class GzipMembersTest {

    private static byte[] member(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** A member as the gzip tool writes it, with the original file name and a comment in its header. */
    private static byte[] namedMember(String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 8 | 16, 0, 0, 0, 0, 0, 3});
        out.write("2026-11.jsonl\0a comment\0".getBytes(StandardCharsets.US_ASCII));
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(6, true))) {
            d.write(data);
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        for (long v : new long[] {crc.getValue(), data.length}) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >>> (8 * i)) & 0xff);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String read(byte[] file) throws IOException {
        try (GzipMembers in = new GzipMembers(new ByteArrayInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void membersOneAfterTheOtherReadAsOneStream() throws Exception {
        StringBuilder big = new StringBuilder();
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            big.append("{\"run_id\":\"r").append(r.nextInt()).append("\"}\n");
        }
        byte[] file = concat(member("{\"a\":1}\n"), member(""), namedMember("{\"b\":2}\n"), member(big.toString()));
        assertEquals("{\"a\":1}\n{\"b\":2}\n" + big, read(file));
        assertEquals("", read(new byte[0]));
    }

    @Test
    void anythingButWholeMembersIsRefused() throws Exception {
        byte[] one = member("{\"a\":1}\n");
        byte[] two = member("{\"b\":2}\n");
        byte[] good = concat(one, two);
        assertThrows(IOException.class, () -> read(concat(good, "junk".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(IOException.class, () -> read(Arrays.copyOf(good, good.length - 3)), "cut in a trailer");
        assertThrows(IOException.class, () -> read(Arrays.copyOf(good, one.length + 12)), "cut in the data");
        byte[] badHeader = good.clone();
        badHeader[one.length + 1] = 0;
        assertThrows(IOException.class, () -> read(badHeader), "a damaged second header");
        List<Integer> unnoticed = new java.util.ArrayList<>();
        for (int i = 0; i < good.length; i++) {
            byte[] flipped = good.clone();
            flipped[i] ^= 0x20;
            try {
                String text = read(flipped);
                // Only the header's time, extra flags and system bytes (six per member) may change unnoticed.
                assertEquals("{\"a\":1}\n{\"b\":2}\n", text, "byte " + i);
                unnoticed.add(i);
            } catch (IOException refused) {
                // What must happen to a damaged member.
            }
        }
        // Six header bytes per member, and the unused bits that pad a deflate stream's last byte.
        assertEquals(List.of(4, 5, 6, 7, 8, 9, one.length - 9, one.length + 4, one.length + 5, one.length + 6,
                one.length + 7, one.length + 8, one.length + 9, good.length - 9), unnoticed);
    }
}
