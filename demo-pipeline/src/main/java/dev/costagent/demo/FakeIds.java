package dev.costagent.demo;

import java.util.concurrent.atomic.AtomicLong;

/** Response ids in the providers' shapes ({@code msg_01…}, {@code chatcmpl-…}, {@code resp_…}), unique per server. */
final class FakeIds {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    // Thread-safety: the only state is an atomic counter.
    private final AtomicLong sequence = new AtomicLong();

    /** {@code prefix} followed by {@code length} base-62 characters that differ from one call to the next. */
    String next(String prefix, int length) {
        long x = sequence.incrementAndGet() * 0x9E3779B97F4A7C15L;
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            x ^= x >>> 29;
            x *= 0xBF58476D1CE4E5B9L;
            x ^= x >>> 32;
            id.append(ALPHABET.charAt((int) Long.remainderUnsigned(x, ALPHABET.length())));
        }
        return id.toString();
    }

    /** A request id for the response headers. */
    String requestId() {
        return next("req_", 24);
    }
}
