package dev.costagent.agent.runtime;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.Map;
import java.util.Spliterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Views of the SDKs' stream objects that show every event to an observer and say once when the stream ended
 * (consumed to its end, closed, or completed). The SDKs return interfaces ({@code StreamResponse},
 * {@code AsyncStreamResponse}), so a {@link Proxy} of the same interface, defined in the SDK's own class loader,
 * can stand in for the original without the program noticing.
 *
 * <p>Thread-safety: the end callback runs at most once, whichever thread ends the stream.
 */
final class ObservedStreams {

    private ObservedStreams() {
    }

    /** The interface of {@code target} (its class's, or theirs) whose simple name is {@code simpleName}, or null. */
    static Class<?> findInterface(Object target, String simpleName) {
        java.util.ArrayDeque<Class<?>> pending = new java.util.ArrayDeque<>();
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            pending.addAll(java.util.Arrays.asList(c.getInterfaces()));
        }
        while (!pending.isEmpty()) {
            Class<?> i = pending.poll();
            if (i.getSimpleName().equals(simpleName)) {
                return i;
            }
            pending.addAll(java.util.Arrays.asList(i.getInterfaces()));
        }
        return null;
    }

    /** Wraps a blocking {@code StreamResponse}; returns the original when it is not one. */
    static Object blocking(Object stream, Consumer<Object> onEvent, Runnable onEnd) {
        Class<?> type = findInterface(stream, "StreamResponse");
        if (type == null) {
            return stream;
        }
        Runnable end = once(onEnd);
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "stream":
                    if (method.getParameterCount() == 0) {
                        return observe((Stream<?>) call(method, stream, args), onEvent, end);
                    }
                    break;
                case "iterator":
                    if (method.getParameterCount() == 0) {
                        return observe((Stream<?>) call(type.getMethod("stream"), stream, null), onEvent, end)
                                .iterator();
                    }
                    break;
                case "close":
                    if (method.getParameterCount() == 0) {
                        return callThenEnd(method, stream, args, end);
                    }
                    break;
                default:
                    break;
            }
            return objectMethodOr(proxy, method, args, stream);
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    /** Wraps an {@code AsyncStreamResponse}; returns the original when it is not one. */
    static Object async(Object stream, Consumer<Object> onEvent, Runnable onEnd) {
        Class<?> type = findInterface(stream, "AsyncStreamResponse");
        if (type == null) {
            return stream;
        }
        Runnable end = once(onEnd);
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "subscribe":
                    if (args != null && args.length >= 1 && args[0] != null) {
                        Object[] forwarded = args.clone();
                        forwarded[0] = handler(method.getParameterTypes()[0], args[0], onEvent, end);
                        call(method, stream, forwarded);
                        return proxy;
                    }
                    break;
                case "onCompleteFuture":
                    Object f = call(method, stream, args);
                    if (f instanceof CompletableFuture<?> future) {
                        future.whenComplete((v, t) -> end.run());
                    }
                    return f;
                case "close":
                    return callThenEnd(method, stream, args, end);
                default:
                    break;
            }
            return objectMethodOr(proxy, method, args, stream);
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    /**
     * An iterator that shows each element to the observer and ends the stream when it runs out: for streams that
     * are classes (Google GenAI's {@code ResponseStream}), whose iterator is the only interface to stand in for.
     */
    static <T> Iterator<T> iterator(Iterator<T> source, Consumer<Object> onEvent, Runnable end) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = source.hasNext();
                if (!more) {
                    end.run();
                }
                return more;
            }

            @Override
            public T next() {
                T e = source.next();
                onEvent.accept(e);
                return e;
            }

            @Override
            public void remove() {
                source.remove();
            }
        };
    }

    /**
     * {@code Flux.defer(Supplier)}, {@code doOnNext(Consumer)} and {@code doFinally(Consumer)} of the public
     * {@code Flux} class above a runtime class, resolved once per class; empty when the class is no Flux.
     */
    private static final ClassValue<Method[]> FLUX_OPERATORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> runtimeClass) {
            for (Class<?> c = runtimeClass; c != null; c = c.getSuperclass()) {
                if (c.getName().equals("reactor.core.publisher.Flux")
                        && java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
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

    /**
     * A Reactor {@code Flux} that observes each subscription of {@code flux} on its own: every subscription of a
     * cold Flux is a new request. Built reflectively on the Flux's own class
     * ({@code Flux.defer(() -> flux.doOnNext(..).doFinally(..))}), so no Reactor class is needed here; returns the
     * original when it is no Flux.
     *
     * @param observers makes the observer of one subscription: its event callback and its end (called once, on
     *                  completion, error or cancellation)
     */
    static Object flux(Object flux, Supplier<Map.Entry<Consumer<Object>, Runnable>> observers)
            throws ReflectiveOperationException {
        Method[] ops = FLUX_OPERATORS.get(flux.getClass());
        if (ops.length == 0) {
            return flux;
        }
        Method defer = ops[0];
        Method doOnNext = ops[1];
        Method doFinally = ops[2];
        Supplier<Object> perSubscription = () -> {
            Map.Entry<Consumer<Object>, Runnable> o = observers.get();
            Runnable end = once(o.getValue());
            try {
                Object observed = doOnNext.invoke(flux, o.getKey());
                return doFinally.invoke(observed, (Consumer<Object>) signal -> end.run());
            } catch (ReflectiveOperationException e) {
                // Resolved above on the same class: cannot happen; the original stream is still served.
                return flux;
            }
        };
        return defer.invoke(null, perSubscription);
    }

    /**
     * Wraps an AWS SDK event stream handler ({@code ConverseStreamResponseHandler}): the publisher it is given is
     * replaced by one whose subscribers see each event first; the stream ends when the handler is told it is
     * complete or failed. Returns the original when it implements no interface of that name.
     */
    static Object eventStreamHandler(Object handler, String interfaceName, Consumer<Object> onEvent, Runnable onEnd) {
        Class<?> type = findInterface(handler, interfaceName);
        if (type == null) {
            return handler;
        }
        Runnable end = once(onEnd);
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "onEventStream":
                    if (args != null && args.length == 1 && args[0] != null) {
                        return call(method, handler, new Object[] {publisher(args[0], onEvent, end)});
                    }
                    break;
                case "complete":
                case "exceptionOccurred":
                    return callThenEnd(method, handler, args, end);
                default:
                    break;
            }
            return objectMethodOr(proxy, method, args, handler);
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    /** A Reactive Streams publisher whose subscribers see each element first, then the program's subscriber. */
    private static Object publisher(Object publisher, Consumer<Object> onEvent, Runnable end) {
        Class<?> type = findInterface(publisher, "SdkPublisher");
        if (type == null) {
            type = findInterface(publisher, "Publisher");
        }
        if (type == null) {
            return publisher;
        }
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("subscribe") && args != null && args.length == 1 && args[0] != null
                    && method.getParameterTypes()[0].getName().equals("org.reactivestreams.Subscriber")) {
                return call(method, publisher, new Object[] {
                        subscriber(method.getParameterTypes()[0], args[0], onEvent, end)});
            }
            return objectMethodOr(proxy, method, args, publisher);
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    private static Object subscriber(Class<?> type, Object target, Consumer<Object> onEvent, Runnable end) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("onNext") && args != null && args.length == 1) {
                onEvent.accept(args[0]);
                return call(method, target, args);
            }
            if (method.getName().equals("onComplete") || method.getName().equals("onError")) {
                return callThenEnd(method, target, args, end);
            }
            return objectMethodOr(proxy, method, args, target);
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    /** The program's handler, behind a view that shows each event first and ends the stream on completion. */
    private static Object handler(Class<?> type, Object target, Consumer<Object> onEvent, Runnable end) {
        if (!type.isInterface()) {
            return target;
        }
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("onNext") && args != null && args.length == 1) {
                onEvent.accept(args[0]);
                return call(method, target, args);
            }
            if (method.getName().equals("onComplete")) {
                return callThenEnd(method, target, args, end);
            }
            return objectMethodOr(proxy, method, args, target);
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
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

    /** Forwards a call that ends the stream (close, completion), then ends it, whatever the call does. */
    private static Object callThenEnd(Method method, Object target, Object[] args, Runnable end) throws Throwable {
        try {
            return call(method, target, args);
        } finally {
            end.run();
        }
    }

    /** Forwards a call; the target's own exceptions reach the program unchanged. */
    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            if (!method.canAccess(target)) {
                method.setAccessible(true);
            }
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object objectMethodOr(Object proxy, Method method, Object[] args, Object target) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return target.toString();
                default:
                    break;
            }
        }
        if (method.isDefault()) {
            // Defaults (Iterable.forEach, spliterator) go through the proxy, so they see the observed stream.
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        return call(method, target, args);
    }

    static Runnable once(Runnable r) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                r.run();
            }
        };
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
        public boolean tryAdvance(java.util.function.Consumer<? super T> action) {
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
