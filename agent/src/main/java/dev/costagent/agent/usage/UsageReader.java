package dev.costagent.agent.usage;

import java.util.Objects;

/**
 * Reads token usage and model from the objects tracked calls return, without any SDK on the agent's class path.
 *
 * <p>Known shapes: the Anthropic Java SDK's {@code Message} and {@code BetaMessage} (and their
 * {@code StructuredMessage} wrappers); the OpenAI Java SDK's {@code ChatCompletion}, {@code Response},
 * {@code CreateEmbeddingResponse}, legacy {@code Completion} (and the structured wrappers); a {@code Map} or any
 * Jackson {@code JsonNode} holding an OpenAI- or Anthropic-style {@code usage} object. Which class is which shape,
 * and every accessor of that shape, is worked out once per class (for the class as its own loader defined it) and
 * cached; classes that are no known shape are cached as such too, so the per-call cost is a lookup and the
 * accessor calls. A {@code CompletableFuture} is the caller's to unwrap.
 */
// Thread-safety: safe for concurrent use; the only state is the per-class cache, a ClassValue.
public final class UsageReader {

    private final FaultSink faults;

    /*
     * A ClassValue rather than a map keyed by Class: it does not keep the program's classes (or their loaders)
     * reachable, and a lookup is cheap enough for every tracked call.
     */
    private final ClassValue<ShapeReader> shapes = new ClassValue<>() {
        @Override
        protected ShapeReader computeValue(Class<?> type) {
            return resolve(type);
        }
    };

    /**
     * @param faults where the reader's own faults go; a response without readable usage is not one
     */
    public UsageReader(FaultSink faults) {
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    /**
     * The usage of a response.
     *
     * @param response what a tracked call returned, may be null
     * @return its usage with token counts in non-overlapping classes, or null when the object is no known shape or
     *         carries no readable usage. Never throws: faults are reported to the {@link FaultSink}.
     */
    public ResponseUsage read(Object response) {
        if (response == null) {
            return null;
        }
        ShapeReader shape = ShapeReader.UNKNOWN;
        try {
            shape = shapes.get(response.getClass());
            return shape.read(response);
        } catch (Throwable t) {
            report(shape.site(), t);
            return null;
        }
    }

    private ShapeReader resolve(Class<?> type) {
        try {
            ShapeReader shape = StainlessReader.forClass(type);
            if (shape == null) {
                shape = TreeUsageReader.forClass(type);
            }
            return shape == null ? ShapeReader.UNKNOWN : shape;
        } catch (Throwable t) {
            // One report per class: the answer, UNKNOWN, is cached with the class.
            report("usage.resolve:" + type.getName(), t);
            return ShapeReader.UNKNOWN;
        }
    }

    private void report(String site, Throwable fault) {
        try {
            faults.fault(site, fault);
        } catch (Throwable sinkFault) {
            // The sink is the only channel for faults; if it fails too, returning null is all that is left to do.
        }
    }
}
