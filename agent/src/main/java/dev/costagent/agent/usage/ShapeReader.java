package dev.costagent.agent.usage;

import dev.costagent.agent.value.ResponseUsage;

/**
 * Reads the usage of one class of response: the plan {@link UsageReader} resolves once per class and then reuses
 * for every instance, with all reflection already done. The SDK modules provide these
 * ({@code sdk.SdkModule#reader}); this package has the ones for parsed bodies (a {@code Map}, a {@code JsonNode}).
 */
// Thread-safety: implementations are immutable after construction and shared by all threads.
public abstract class ShapeReader {

    /** For classes that are no known shape: answers null without looking at the object. */
    static final ShapeReader UNKNOWN = new ShapeReader("usage.resolve") {
        @Override
        public ResponseUsage read(Object response) {
            return null;
        }
    };

    private final String site;

    /**
     * @param site the fault site reported when a read throws ({@code usage.anthropic}); also what
     *             {@link UsageReader#prepare} tells
     */
    protected ShapeReader(String site) {
        this.site = site;
    }

    /** The fault site reported when {@link #read} throws. */
    public final String site() {
        return site;
    }

    /**
     * @param response an instance of the class this reader was resolved for
     * @return its usage, or null when it carries no readable usage
     * @throws Throwable anything a reflective call throws; the facade reports it
     */
    public abstract ResponseUsage read(Object response) throws Throwable;

    /**
     * The provider SDK's own usage object a framework response carries (Spring AI's
     * {@code Usage.getNativeUsage()}), or null when it carries none or is no framework response.
     */
    public Object nativeUsage(Object response) throws Throwable {
        return null;
    }

    /**
     * The object holding the usage figures inside a response (an SDK {@code Usage}), the same instance a framework
     * above the SDK hands on as its native usage; null when the shape has none.
     */
    public Object usageObject(Object response) throws Throwable {
        return null;
    }

    /**
     * For a class of stream events that are no responses themselves but carry usage across the stream (Anthropic's
     * {@code message_start} and {@code message_delta}): a new accumulator for one stream. Null (the default) when
     * the class's events are read as responses, the last one with usage giving the stream's.
     */
    public EventUsage newEventUsage(UsageReader reader) {
        return null;
    }
}
