package dev.costagent.agent.usage;

import dev.costagent.agent.value.ResponseUsage;

/**
 * Reads the usage of one class of response: the plan {@link UsageReader} resolves once per class and then reuses
 * for every instance, with all reflection already done.
 */
// Thread-safety: implementations are immutable after construction and shared by all threads.
abstract class ShapeReader {

    /** For classes that are no known shape: answers null without looking at the object. */
    static final ShapeReader UNKNOWN = new ShapeReader("usage.resolve") {
        @Override
        ResponseUsage read(Object response) {
            return null;
        }
    };

    private final String site;

    ShapeReader(String site) {
        this.site = site;
    }

    /** The fault site reported when {@link #read} throws. */
    final String site() {
        return site;
    }

    /**
     * @param response an instance of the class this reader was resolved for
     * @return its usage, or null when it carries no readable usage
     * @throws Throwable anything a reflective call throws; the facade reports it
     */
    abstract ResponseUsage read(Object response) throws Throwable;

    /**
     * The provider SDK's own usage object a framework response carries (Spring AI's
     * {@code Usage.getNativeUsage()}), or null when it carries none or is no framework response.
     */
    Object nativeUsage(Object response) throws Throwable {
        return null;
    }

    /**
     * The object holding the usage figures inside a response (an SDK {@code Usage}), the same instance a framework
     * above the SDK hands on as its native usage; null when the shape has none.
     */
    Object usageObject(Object response) throws Throwable {
        return null;
    }
}
