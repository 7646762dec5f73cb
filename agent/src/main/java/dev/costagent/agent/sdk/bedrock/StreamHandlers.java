package dev.costagent.agent.sdk.bedrock;

import dev.costagent.agent.calls.Attribution;
import dev.costagent.agent.calls.StreamObserver;
import dev.costagent.agent.instrument.Site;
import dev.costagent.agent.sdk.HookAdapter;
import dev.costagent.agent.sdk.Proxies;
import dev.costagent.agent.sdk.SdkCalls;
import java.lang.reflect.InvocationHandler;
import java.util.function.Consumer;

/**
 * Bedrock's {@code converseStream(request, handler)}: the program's handler (argument 1), a
 * {@code ConverseStreamResponseHandler}, is replaced by a view whose event publisher shows each event first; the
 * stream ends when the handler is told it is complete or failed. The events are delivered on the SDK's threads,
 * so the call is recorded under the attribution fixed on entry, and the enclosing call counts nothing.
 */
final class StreamHandlers implements HookAdapter {

    static final StreamHandlers INSTANCE = new StreamHandlers();

    private StreamHandlers() {
    }

    @Override
    public Object[] enter(SdkCalls calls, Site site, Object self, Object[] arguments) {
        if (arguments.length < 2 || arguments[1] == null) {
            return arguments;
        }
        Attribution who = calls.attributeHere(site, arguments);
        StreamObserver o = calls.observeStream(who, "");
        Object[] replaced = arguments.clone();
        replaced[1] = handler(arguments[1], o::event, o::end);
        if (replaced[1] != arguments[1]) {
            calls.enclosingCountsLater();
        }
        return replaced;
    }

    /**
     * The handler behind a view: the publisher it is given is replaced by one whose subscribers see each event
     * first. Returns the original when it implements no {@code ConverseStreamResponseHandler}.
     */
    static Object handler(Object handler, Consumer<Object> onEvent, Runnable onEnd) {
        Class<?> type = Proxies.findInterface(handler, "ConverseStreamResponseHandler");
        if (type == null) {
            return handler;
        }
        Runnable end = Proxies.once(onEnd);
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "onEventStream":
                    if (args != null && args.length == 1 && args[0] != null) {
                        return Proxies.forward(method, handler, new Object[] {publisher(args[0], onEvent, end)});
                    }
                    break;
                case "complete":
                case "exceptionOccurred":
                    return Proxies.forwardThenEnd(method, handler, args, end);
                default:
                    break;
            }
            return Proxies.forwardOther(proxy, method, args, handler);
        };
        return Proxies.of(type, h);
    }

    /** A Reactive Streams publisher whose subscribers see each element first, then the program's subscriber. */
    private static Object publisher(Object publisher, Consumer<Object> onEvent, Runnable end) {
        Class<?> type = Proxies.findInterface(publisher, "SdkPublisher");
        if (type == null) {
            type = Proxies.findInterface(publisher, "Publisher");
        }
        if (type == null) {
            return publisher;
        }
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("subscribe") && args != null && args.length == 1 && args[0] != null
                    && method.getParameterTypes()[0].getName().equals("org.reactivestreams.Subscriber")) {
                return Proxies.forward(method, publisher, new Object[] {
                        subscriber(method.getParameterTypes()[0], args[0], onEvent, end)});
            }
            return Proxies.forwardOther(proxy, method, args, publisher);
        };
        return Proxies.of(type, h);
    }

    private static Object subscriber(Class<?> type, Object target, Consumer<Object> onEvent, Runnable end) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("onNext") && args != null && args.length == 1) {
                onEvent.accept(args[0]);
                return Proxies.forward(method, target, args);
            }
            if (method.getName().equals("onComplete") || method.getName().equals("onError")) {
                return Proxies.forwardThenEnd(method, target, args, end);
            }
            return Proxies.forwardOther(proxy, method, args, target);
        };
        return Proxies.of(type, h);
    }
}
