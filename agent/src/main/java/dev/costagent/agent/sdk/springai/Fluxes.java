package dev.costagent.agent.sdk.springai;

import dev.costagent.agent.calls.Attribution;
import dev.costagent.agent.sdk.HookAdapter;
import dev.costagent.agent.sdk.Proxies;
import dev.costagent.agent.sdk.SdkCalls;
import dev.costagent.agent.usage.StreamUsage;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Spring AI's streams, Reactor {@code Flux}es of {@code ChatResponse}s, observed per subscription: every
 * subscription of a cold Flux is a new request. Usage is on the last response that carries any. When that usage's
 * native object ({@code Usage.getNativeUsage()}) is one an SDK stream hook already saw (Spring AI over the OpenAI
 * SDK), the SDK's hook counted the call and the Flux adds nothing; nor does a stream with no usage at all, which
 * the layer below reports.
 *
 * <p>Built reflectively on the Flux's own class ({@code Flux.defer(() -> flux.doOnNext(..).doFinally(..))}), so
 * no Reactor class is needed here.
 */
final class Fluxes implements HookAdapter {

    static final Fluxes INSTANCE = new Fluxes();

    /**
     * {@code Flux.defer(Supplier)}, {@code doOnNext(Consumer)} and {@code doFinally(Consumer)} of the public
     * {@code Flux} class above a runtime class, resolved once per class; empty when the class is no Flux.
     */
    private static final ClassValue<Method[]> OPERATORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> runtimeClass) {
            for (Class<?> c = runtimeClass; c != null; c = c.getSuperclass()) {
                if (c.getName().equals("reactor.core.publisher.Flux") && Modifier.isPublic(c.getModifiers())) {
                    try {
                        return new Method[] {c.getMethod("defer", Supplier.class),
                            c.getMethod("doOnNext", Consumer.class), c.getMethod("doFinally", Consumer.class)};
                    } catch (NoSuchMethodException e) {
                        return new Method[0];
                    }
                }
            }
            return new Method[0];
        }
    };

    private Fluxes() {
    }

    @Override
    public Object observe(SdkCalls calls, Attribution who, Object flux) {
        try {
            Method[] ops = OPERATORS.get(flux.getClass());
            if (ops.length == 0) {
                return flux;
            }
            Method doOnNext = ops[1];
            Method doFinally = ops[2];
            Supplier<Object> perSubscription = () -> {
                Subscription s = new Subscription(calls, who);
                Runnable end = Proxies.once(s::end);
                try {
                    Object observed = doOnNext.invoke(flux, (Consumer<Object>) s::event);
                    return doFinally.invoke(observed, (Consumer<Object>) signal -> end.run());
                } catch (ReflectiveOperationException e) {
                    // Resolved above on the same class: cannot happen; the original stream is still served.
                    return flux;
                }
            };
            return ops[0].invoke(null, perSubscription);
        } catch (Throwable t) {
            calls.fault("observing the stream of " + who.site().method(), t);
            return flux;
        }
    }

    /** One subscription's responses: the usage of the last that carries any. */
    private static final class Subscription {
        private final SdkCalls calls;
        private final Attribution who;
        private final UsageReader reader;
        private final StreamUsage usage;
        private Object last;

        Subscription(SdkCalls calls, Attribution who) {
            this.calls = calls;
            this.who = who;
            this.reader = calls.reader();
            this.usage = new StreamUsage(reader);
        }

        void event(Object event) {
            try {
                if (reader.read(event) != null) {
                    last = event;
                    usage.observe(event);
                }
            } catch (Throwable t) {
                calls.fault("reading a stream event of " + who.site().method(), t);
            }
        }

        /** Completion, error or cancellation; called once. */
        void end() {
            try {
                ResponseUsage u = usage.result();
                Object nativeUsage = last == null ? null : reader.nativeUsage(last);
                if (u != null && (nativeUsage == null || !calls.isCounted(nativeUsage))) {
                    calls.recordUsage(who, u);
                }
            } catch (Throwable t) {
                calls.fault("recording the stream of " + who.site().method(), t);
            }
        }
    }
}
