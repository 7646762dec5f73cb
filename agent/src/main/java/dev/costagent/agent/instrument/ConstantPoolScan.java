package dev.costagent.agent.instrument;

/**
 * Finds given strings among the {@code CONSTANT_Utf8} entries of a class file's constant pool, by walking the pool
 * entry by entry: a few comparisons per entry instead of a byte-by-byte search of the whole file, for every class
 * the JVM loads (tens of megabytes for a program with a few SDKs).
 *
 * <p>Only ASCII strings are looked for, whose modified-UTF-8 form is their bytes. The walk reads nothing past the
 * pool and never throws: a pool it cannot walk (a truncated file, a tag it does not know from a newer class file
 * version) is reported as {@link #UNREADABLE}, and the caller then decides from a search of the bytes.
 */
// Thread-safety: stateless.
final class ConstantPoolScan {

    /** The pool could not be walked. */
    static final int UNREADABLE = -1;

    private ConstantPoolScan() {
    }

    /**
     * @param exact    strings an entry may equal (at most 15)
     * @param prefixes strings an entry may start with (at most 15)
     * @return a bit set: bit {@code i} when an entry equals {@code exact[i]}, bit {@code exact.length + j} when an
     *         entry starts with {@code prefixes[j]}; or {@link #UNREADABLE}
     */
    static int find(byte[] b, byte[][] exact, byte[][] prefixes) {
        if (exact.length > 15 || prefixes.length > 15) {
            throw new IllegalArgumentException("at most 15 strings of each kind");
        }
        int all = (1 << (exact.length + prefixes.length)) - 1;
        if (b.length < 10 || (b[0] & 0xFF) != 0xCA || (b[1] & 0xFF) != 0xFE || (b[2] & 0xFF) != 0xBA
                || (b[3] & 0xFF) != 0xBE) {
            return UNREADABLE;
        }
        int count = u2(b, 8);
        int p = 10;
        int found = 0;
        for (int i = 1; i < count; i++) {
            if (p >= b.length) {
                return UNREADABLE;
            }
            switch (b[p]) {
                case 1 -> { // Utf8: u2 length, then the bytes
                    if (p + 3 > b.length) {
                        return UNREADABLE;
                    }
                    int start = p + 3;
                    int length = u2(b, p + 1);
                    p = start + length;
                    if (p > b.length) {
                        return UNREADABLE;
                    }
                    for (int k = 0; k < exact.length; k++) {
                        if (length == exact[k].length && startsWith(b, start, exact[k])) {
                            found |= 1 << k;
                        }
                    }
                    for (int k = 0; k < prefixes.length; k++) {
                        if (length >= prefixes[k].length && startsWith(b, start, prefixes[k])) {
                            found |= 1 << (exact.length + k);
                        }
                    }
                    if (found == all) {
                        return found;
                    }
                }
                case 7, 8, 16, 19, 20 -> p += 3; // Class, String, MethodType, Module, Package: u2
                case 15 -> p += 4; // MethodHandle: u1, u2
                case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5; // Integer, Float, the refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> { // Long, Double: 8 bytes, and they take two entries
                    p += 9;
                    i++;
                }
                default -> {
                    return UNREADABLE;
                }
            }
        }
        return p <= b.length ? found : UNREADABLE;
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        for (int j = 0; j < prefix.length; j++) {
            if (b[at + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }
}
