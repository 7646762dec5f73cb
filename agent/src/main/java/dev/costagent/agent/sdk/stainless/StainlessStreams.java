package dev.costagent.agent.sdk.stainless;

import dev.costagent.agent.sdk.Proxies;
import java.lang.reflect.InvocationHandler;
import java.util.Spliterator;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Views of the Stainless-generated SDKs' streams that show every event to an observer and say once when the
 * stream ended (consumed to its end, closed, or completed). Both SDKs return interfaces ({@code StreamResponse},
 * {@code AsyncStreamResponse}), so a proxy of the same interface can stand in for the original.
 *
 * <p>Thread-safety: the end callback runs at most once, whichever thread ends the stream.
 */
public final class StainlessStreams {

    private StainlessStreams() {
    }

    /** Wraps a blocking {@code StreamResponse}; returns the original when it is not one. */
    public static Object blocking(Object stream, Consumer<Object> onEvent, Runnable onEnd) {
        Class<?> type = Proxies.findInterface(stream, "StreamResponse");
        if (type == null) {
            return stream;
        }
        Runnable end = Proxies.once(onEnd);
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "stream":
                    if (method.getParameterCount() == 0) {
                        return observe((Stream<?>) Proxies.forward(method, stream, args), onEvent, end);
                    }
                    break;
                case "iterator":
                    if (method.getParameterCount() == 0) {
                        return observe((Stream<?>) Proxies.forward(type.getMethod("stream"), stream, null), onEvent,
                                end).iterator();
                    }
                    break;
                case "close":
                    if (method.getParameterCount() == 0) {
                        return Proxies.forwardThenEnd(method, stream, args, end);
                    }
                    break;
                default:
                    break;
            }
            return Proxies.forwardOther(proxy, method, args, stream);
        };
        return Proxies.of(type, h);
    }

    /** Wraps an {@code AsyncStreamResponse}; returns the original when it is not one. */
    public static Object async(Object stream, Consumer<Object> onEvent, Runnable onEnd) {
        Class<?> type = Proxies.findInterface(stream, "AsyncStreamResponse");
        if (type == null) {
            return stream;
        }
        Runnable end = Proxies.once(onEnd);
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "subscribe":
                    if (args != null && args.length >= 1 && args[0] != null) {
                        Object[] forwarded = args.clone();
                        forwarded[0] = handler(method.getParameterTypes()[0], args[0], onEvent, end);
                        Proxies.forward(method, stream, forwarded);
                        return proxy;
                    }
                    break;
                case "onCompleteFuture":
                    Object f = Proxies.forward(method, stream, args);
                    if (f instanceof CompletableFuture<?> future) {
                        future.whenComplete((v, t) -> end.run());
                    }
                    return f;
                case "close":
                    return Proxies.forwardThenEnd(method, stream, args, end);
                default:
                    break;
            }
            return Proxies.forwardOther(proxy, method, args, stream);
        };
        return Proxies.of(type, h);
    }

    /** The program's handler, behind a view that shows each event first and ends the stream on completion. */
    private static Object handler(Class<?> type, Object target, Consumer<Object> onEvent, Runnable end) {
        if (!type.isInterface()) {
            return target;
        }
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("onNext") && args != null && args.length == 1) {
                onEvent.accept(args[0]);
                return Proxies.forward(method, target, args);
            }
            if (method.getName().equals("onComplete")) {
                return Proxies.forwardThenEnd(method, target, args, end);
            }
            return Proxies.forwardOther(proxy, method, args, target);
        };
        return Proxies.of(type, h);
    }

    private static Stream<?> observe(Stream<?> source, Consumer<Object> onEvent, Runnable end) {
        Spliterator<?> s = source.spliterator();
        return StreamSupport.stream(new ObservingSpliterator<>(s, onEvent, end), false).onClose(() -> {
            try {
                source.close();
            } finally {
                end.run();
            }
        });
    }

    /** Shows each element to the observer; reaching the end ends the stream. */
    private static final class ObservingSpliterator<T> implements Spliterator<T> {
        private final Spliterator<T> source;
        private final Consumer<Object> onEvent;
        private final Runnable end;

        ObservingSpliterator(Spliterator<T> source, Consumer<Object> onEvent, Runnable end) {
            this.source = source;
            this.onEvent = onEvent;
            this.end = end;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            boolean more = source.tryAdvance(e -> {
                onEvent.accept(e);
                action.accept(e);
            });
            if (!more) {
                end.run();
            }
            return more;
        }

        @Override
        public Spliterator<T> trySplit() {
            return null;
        }

        @Override
        public long estimateSize() {
            return source.estimateSize();
        }

        @Override
        public int characteristics() {
            return source.characteristics() & ~(Spliterator.SIZED | Spliterator.SUBSIZED);
        }
    }
}
