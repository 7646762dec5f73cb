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
        if (b.length < 10 || (b[0] & 0xFF) != 0xCA || (b[1] & 0xFF) != 0xFE || (b[2] & 0xFF) != 0xBA
                || (b[3] & 0xFF) != 0xBE) {
            return UNREADABLE;
        }
        int count = u2(b, 8);
        int p = 10;
        int found = 0;
        for (int i = 1; i < count; i++) {
            if (p + 3 > b.length) {
                return UNREADABLE;
            }
            int tag = b[p] & 0xFF;
            int size = SIZES[tag];
            if (size > 0) {
                p += size;
                i += SLOTS[tag] - 1;
                continue;
            }
            if (size == 0) {
                return UNREADABLE;
            }
            int start = p + 3;
            int length = u2(b, p + 1);
            p = start + length;
            if (p > b.length) {
                return UNREADABLE;
            }
            for (int k = 0; k < exact.length; k++) {
                if (length == exact[k].length) {
                    found |= same(b, start, exact[k]) << k;
                }
            }
            for (int k = 0; k < prefixes.length; k++) {
                byte[] prefix = prefixes[k];
                if (length >= prefix.length && b[start] == prefix[0]) {
                    found |= same(b, start, prefix) << (exact.length + k);
                }
            }
        }
        return p <= b.length ? found : UNREADABLE;
    }

    /**
     * Entry size in bytes by tag, tag byte included; -1 for Utf8 (sized by its length), 0 for a tag this walk does
     * not know. A table rather than a switch: the JIT compiles a switch for the tags it has seen so far and
     * recompiles when a class brings a new one (measured: up to seven C2 compilations of this method in the
     * demo's start-up, each tens of milliseconds of compiler time); a table load has no such branches.
     */
    private static final int[] SIZES = new int[256];
    /** Constant pool slots an entry takes: two for Long and Double, one otherwise. */
    private static final int[] SLOTS = new int[256];

    static {
        SIZES[1] = -1; // Utf8
        for (int tag : new int[] {7, 8, 16, 19, 20}) { // Class, String, MethodType, Module, Package
            SIZES[tag] = 3;
        }
        SIZES[15] = 4; // MethodHandle
        for (int tag : new int[] {3, 4, 9, 10, 11, 12, 17, 18}) { // Integer, Float, the refs, NameAndType, Dynamic
            SIZES[tag] = 5;
        }
        SIZES[5] = 9; // Long
        SIZES[6] = 9; // Double
        java.util.Arrays.fill(SLOTS, 1);
        SLOTS[5] = 2;
        SLOTS[6] = 2;
    }

    /**
     * 1 when {@code b} holds {@code text} at {@code at}, else 0. Every byte is compared, with no early exit and no
     * branch on the outcome: a match is rare, and the JIT compiles a path never taken so far as a trap, then
     * recompiles the walk the first time a class does match.
     */
    private static int same(byte[] b, int at, byte[] text) {
        int diff = 0;
        for (int j = 0; j < text.length; j++) {
            diff |= (b[at + j] ^ text[j]) & 0xFF;
        }
        return (diff - 1) >>> 31; // 1 for diff 0, 0 for 1 to 255: arithmetic, not a branch
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
