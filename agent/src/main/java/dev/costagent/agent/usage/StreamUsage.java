package dev.costagent.agent.usage;

import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accumulates the usage of one streamed response from its events, as the SDKs deliver them:
 * <ul>
 *   <li>Anthropic ({@code RawMessageStreamEvent}, {@code BetaRawMessageStreamEvent}): {@code message_start}
 *       carries a {@code Message} with the input and cache counts; each {@code message_delta} carries cumulative
 *       counts, which replace those of {@code message_start} where present (the SDK's own accumulator does the
 *       same).</li>
 *   <li>OpenAI chat ({@code ChatCompletionChunk}) and legacy completions: the last chunk that carries a usage
 *       (sent only when the request set {@code stream_options.include_usage}).</li>
 *   <li>OpenAI Responses ({@code ResponseStreamEvent}): the {@code Response} of {@code response.completed},
 *       {@code response.incomplete} or {@code response.failed}.</li>
 * </ul>
 * Also reads the succeeded message of one Anthropic batch result.
 *
 * <p>Only never-throwing accessors are called: {@code Optional} union accessors and raw {@code _x()} fields.
 *
 * <p>Thread-safety: an accumulator is used by one stream; its methods are synchronized because async streams
 * may deliver events on different threads.
 */
public final class StreamUsage {

    /**
     * Accessors resolved once per event class and name. A ClassValue: no key string built per event, and nothing
     * here keeps a program's classes (or their loader) reachable.
     */
    private static final ClassValue<ConcurrentHashMap<String, Method>> METHODS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>(8);
        }
    };

    private final UsageReader reader;
    private ResponseUsage start;
    private ResponseUsage last;
    private long deltaInput = -1;
    private long deltaOutput = -1;
    private long deltaCacheRead = -1;
    private long deltaCacheCreation = -1;

    public StreamUsage(UsageReader reader) {
        this.reader = reader;
    }

    /**
     * Takes one event of the stream into account. Never throws.
     *
     * @return the SDK object holding the usage figures this event carried, or null: a framework above the SDK
     *         (Spring AI) hands the same instance on as its native usage, which tells that the call was counted
     */
    public synchronized Object observe(Object event) {
        if (event == null) {
            return null;
        }
        try {
            switch (event.getClass().getName()) {
                case "com.anthropic.models.messages.RawMessageStreamEvent",
                     "com.anthropic.models.beta.messages.BetaRawMessageStreamEvent" -> {
                    return anthropic(event);
                }
                case "com.openai.models.responses.ResponseStreamEvent" -> {
                    return responses(event);
                }
                default -> {
                    ResponseUsage u = reader.read(event);
                    if (u != null) {
                        last = u;
                        return reader.usageObject(event);
                    }
                    return null;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // An event of a shape we do not know contributes nothing; the stream's total is then best effort.
            return null;
        }
    }

    /** The stream's usage so far, or null when no event carried any. */
    public synchronized ResponseUsage result() {
        if (start != null) {
            TokenCounts t = start.tokens();
            long input = deltaInput >= 0 ? deltaInput : t.input();
            long cacheRead = deltaCacheRead >= 0 ? deltaCacheRead : t.cacheRead();
            long write1h = t.cacheWrite1h();
            long write5m = t.cacheWrite();
            if (deltaCacheCreation >= 0) {
                // The delta has no 5m/1h split: keep the start's 1h part, the rest is 5-minute.
                write1h = Math.min(write1h, deltaCacheCreation);
                write5m = deltaCacheCreation - write1h;
            }
            long output = deltaOutput >= 0 ? deltaOutput : t.output();
            return new ResponseUsage(start.model(), start.provider(),
                    new TokenCounts(input, cacheRead, write5m, write1h, output));
        }
        return last;
    }

    private Object anthropic(Object event) throws ReflectiveOperationException {
        Object startEvent = optional(event, "messageStart");
        if (startEvent != null) {
            Object message = known(invoke(startEvent, "_message"));
            ResponseUsage u = message == null ? null : reader.read(message);
            if (u != null) {
                start = u;
                return reader.usageObject(message);
            }
            return null;
        }
        Object delta = optional(event, "messageDelta");
        if (delta != null) {
            Object usage = known(invoke(delta, "_usage"));
            if (usage != null) {
                deltaOutput = orKeep(known(invoke(usage, "_outputTokens")), deltaOutput);
                deltaInput = orKeep(known(invoke(usage, "_inputTokens")), deltaInput);
                deltaCacheRead = orKeep(known(invoke(usage, "_cacheReadInputTokens")), deltaCacheRead);
                deltaCacheCreation = orKeep(known(invoke(usage, "_cacheCreationInputTokens")), deltaCacheCreation);
            }
            return usage;
        }
        return null;
    }

    private Object responses(Object event) throws ReflectiveOperationException {
        for (String end : new String[] {"completed", "incomplete", "failed"}) {
            Object e = optional(event, end);
            if (e != null) {
                Object response = known(invoke(e, "_response"));
                ResponseUsage u = response == null ? null : reader.read(response);
                if (u != null) {
                    last = u;
                    return reader.usageObject(response);
                }
                return null;
            }
        }
        return null;
    }

    /**
     * The usage of an Anthropic batch result ({@code MessageBatchIndividualResponse} or its beta twin): its
     * succeeded message's, or null for an errored, canceled or expired request, which is not billed.
     */
    public ResponseUsage batchResult(Object individual) {
        try {
            Object result = known(invoke(individual, "_result"));
            Object succeeded = result == null ? null : optional(result, "succeeded");
            Object message = succeeded == null ? null : known(invoke(succeeded, "_message"));
            ResponseUsage u = message == null ? null : reader.read(message);
            return u == null ? null : u.asBatch();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static long orKeep(Object value, long previous) {
        if (value instanceof Number n) {
            long v = n.longValue();
            return v >= 0 ? v : previous;
        }
        return previous;
    }

    /** The content of an accessor returning {@code Optional}, or null. */
    private static Object optional(Object target, String name) throws ReflectiveOperationException {
        Object o = invoke(target, name);
        return o instanceof Optional<?> opt ? opt.orElse(null) : null;
    }

    /** The value of a Stainless {@code JsonField} ({@code asKnown()}), or null. */
    private static Object known(Object jsonField) throws ReflectiveOperationException {
        return jsonField == null ? null : optional(jsonField, "asKnown");
    }

    private static Object invoke(Object target, String name) throws ReflectiveOperationException {
        Class<?> type = target.getClass();
        ConcurrentHashMap<String, Method> methods = METHODS.get(type);
        Method m = methods.get(name);
        if (m == null) {
            m = publicMethod(type, name);
            methods.putIfAbsent(name, m);
        }
        return m.invoke(target);
    }

    /** Resolved on a public class of the hierarchy: the runtime class of a JsonField is a private subclass. */
    private static Method publicMethod(Class<?> type, String name) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                try {
                    return c.getMethod(name);
                } catch (NoSuchMethodException e) {
                    // keep climbing
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + "#" + name);
    }
}
