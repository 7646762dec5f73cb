package dev.costagent.agent.usage;

import dev.costagent.agent.sdk.SdkModule;
import dev.costagent.agent.value.ResponseUsage;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Objects;

/**
 * Reads token usage and model from the objects tracked calls return, without any SDK on the agent's class path.
 *
 * <p>Which class is which shape is asked of the SDK modules ({@link SdkModule#reader}, in their order), then of
 * this package's readers of parsed bodies (a {@code Map} or any Jackson {@code JsonNode} holding an OpenAI- or
 * Anthropic-style {@code usage} object). Worked out once per class (for the class as its own loader defined it)
 * and cached, with every accessor of that shape; classes that are no known shape are cached as such too, so the
 * per-call cost is a lookup and the accessor calls. A {@code CompletableFuture} is the caller's to unwrap.
 */
// Thread-safety: safe for concurrent use; the only state is the per-class cache, a ClassValue, and the last entry.
public final class UsageReader {

    private final List<SdkModule> modules;
    private final FaultSink faults;

    /*
     * A ClassValue rather than a map keyed by Class: it does not keep the program's classes (or their loaders)
     * reachable.
     */
    private final ClassValue<Resolved> shapes = new ClassValue<>() {
        @Override
        protected Resolved computeValue(Class<?> type) {
            return new Resolved(type, resolve(type));
        }
    };

    /**
     * The class read last and its shape, checked before the ClassValue: a program reads one response class call
     * after call, and a ClassValue lookup costs about twenty nanoseconds, a fifth of a tracked call's cost (measured
     * with async-profiler on the tracked-call benchmark). Weak, so that it never keeps a class or its loader alive
     * (the entry itself lives as long as its class does, in the ClassValue). A plain field: threads racing on it
     * only ever see an entry whose class and shape belong together, or a cleared reference, which is a miss.
     */
    private WeakReference<Resolved> last = NO_CLASS;
    private static final WeakReference<Resolved> NO_CLASS = new WeakReference<>(null);

    /** A class and its shape, with the weak reference {@link #last} points at, made once per class. */
    private static final class Resolved {
        final Class<?> type;
        final ShapeReader shape;
        final WeakReference<Resolved> self;

        Resolved(Class<?> type, ShapeReader shape) {
            this.type = type;
            this.shape = shape;
            this.self = new WeakReference<>(this);
        }
    }

    private ShapeReader shape(Class<?> type) {
        Resolved r = last.get();
        if (r == null || r.type != type) {
            r = shapes.get(type);
            last = r.self;
        }
        return r.shape;
    }

    /**
     * @param modules the SDK modules whose response classes are read ({@code SdkModules.ALL})
     * @param faults  where the reader's own faults go; a response without readable usage is not one
     */
    public UsageReader(List<SdkModule> modules, FaultSink faults) {
        this.modules = List.copyOf(modules);
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
            shape = shape(response.getClass());
            return shape.read(response);
        } catch (Throwable t) {
            report(shape.site(), t);
            return null;
        }
    }

    /**
     * Works out the reader for {@code type} now, ahead of its first response ({@link ReaderPrefetch}). Never
     * throws; a class that cannot be read is reported once, as it would be at its first response.
     *
     * @return the reader's site name ({@code usage.anthropic}, ...), or null when {@code type} is no known shape
     */
    public String prepare(Class<?> type) {
        try {
            ShapeReader shape = shapes.get(type).shape;
            return shape == ShapeReader.UNKNOWN ? null : shape.site();
        } catch (Throwable t) {
            reportUnresolved(type, t);
            return null;
        }
    }

    private ShapeReader resolve(Class<?> type) {
        try {
            for (SdkModule m : modules) {
                ShapeReader shape = m.reader(type);
                if (shape != null) {
                    return shape;
                }
            }
            ShapeReader shape = TreeUsageReader.forClass(type);
            return shape == null ? ShapeReader.UNKNOWN : shape;
        } catch (Throwable t) {
            // One report per class: the answer, UNKNOWN, is cached with the class.
            reportUnresolved(type, t);
            return ShapeReader.UNKNOWN;
        }
    }

    /**
     * The provider SDK's own usage object inside a framework response (Spring AI's {@code getNativeUsage()}), or
     * null. Never throws.
     */
    public Object nativeUsage(Object response) {
        if (response == null) {
            return null;
        }
        ShapeReader shape = ShapeReader.UNKNOWN;
        try {
            shape = shape(response.getClass());
            return shape.nativeUsage(response);
        } catch (Throwable t) {
            report(shape.site(), t);
            return null;
        }
    }

    /** The SDK object holding a response's usage figures (see {@link ShapeReader#usageObject}), or null. */
    public Object usageObject(Object response) {
        if (response == null) {
            return null;
        }
        ShapeReader shape = ShapeReader.UNKNOWN;
        try {
            shape = shape(response.getClass());
            return shape.usageObject(response);
        } catch (Throwable t) {
            report(shape.site(), t);
            return null;
        }
    }

    /**
     * A new accumulator of one stream's usage when {@code eventType} is an SDK's own event class that carries usage
     * across the stream ({@link ShapeReader#newEventUsage}); null when its events are read as responses. Never
     * throws.
     */
    EventUsage newEventUsage(Class<?> eventType) {
        return shape(eventType).newEventUsage(this);
    }

    /** A class whose reader could not be worked out: reported once, whoever asked first. */
    private void reportUnresolved(Class<?> type, Throwable fault) {
        report("usage.resolve:" + type.getName(), fault);
    }

    private void report(String site, Throwable fault) {
        try {
            faults.fault(site, fault);
        } catch (Throwable sinkFault) {
            // The sink is the only channel for faults; if it fails too, returning null is all that is left to do.
        }
    }
}
