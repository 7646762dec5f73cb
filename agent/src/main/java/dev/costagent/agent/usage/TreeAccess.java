package dev.costagent.agent.usage;

/**
 * Navigation over a parsed JSON tree, so that {@link TreeUsageReader} holds the usage rules once for every tree
 * representation ({@code java.util.Map}, any Jackson's {@code JsonNode}).
 */
// Thread-safety: implementations are immutable.
interface TreeAccess {

    /**
     * The member {@code name} of {@code node} as it is, JSON null included; null when there is no such member or
     * {@code node} is null or not an object.
     */
    Object member(Object node, String name) throws Throwable;

    /** Whether {@code node} is an object (a map of names to values). */
    boolean isObject(Object node) throws Throwable;

    /** Whether {@code node} is there at all: neither null nor JSON null. */
    boolean isPresent(Object node) throws Throwable;

    /** {@code node} as a {@link TokenNormaliser} figure: ABSENT for null or JSON null, INVALID if not a count. */
    long count(Object node) throws Throwable;

    /** {@code node} as a string, or null when it is not one. */
    String text(Object node) throws Throwable;
}
