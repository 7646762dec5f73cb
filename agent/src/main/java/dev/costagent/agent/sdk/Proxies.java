package dev.costagent.agent.sdk;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pieces every module's stream views are made of. SDKs hand streams and handlers on as interfaces, so a
 * {@link Proxy} of the same interface, defined in the SDK's own class loader, can stand in for the original
 * without the program noticing; the agent has no SDK on its class path, so the interface is found by name on the
 * object itself.
 *
 * <p>Thread-safety: stateless; {@link #once} is safe from any thread.
 */
public final class Proxies {

    private Proxies() {
    }

    /** The interface of {@code target} (its class's, or theirs) whose simple name is {@code simpleName}, or null. */
    public static Class<?> findInterface(Object target, String simpleName) {
        ArrayDeque<Class<?>> pending = new ArrayDeque<>();
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            pending.addAll(Arrays.asList(c.getInterfaces()));
        }
        while (!pending.isEmpty()) {
            Class<?> i = pending.poll();
            if (i.getSimpleName().equals(simpleName)) {
                return i;
            }
            pending.addAll(Arrays.asList(i.getInterfaces()));
        }
        return null;
    }

    /** A proxy of {@code type} in the type's own class loader. */
    public static Object of(Class<?> type, InvocationHandler handler) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** Forwards a call; the target's own exceptions reach the program unchanged. */
    public static Object forward(Method method, Object target, Object[] args) throws Throwable {
        try {
            if (!method.canAccess(target)) {
                method.setAccessible(true);
            }
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Forwards a call that ends the stream (close, completion), then ends it, whatever the call does. */
    public static Object forwardThenEnd(Method method, Object target, Object[] args, Runnable end) throws Throwable {
        try {
            return forward(method, target, args);
        } finally {
            end.run();
        }
    }

    /**
     * Forwards any other call: {@code Object}'s methods answer for the proxy itself (identity, not the target's),
     * interface defaults run on the proxy (so that {@code Iterable.forEach} sees the observed stream), the rest goes
     * to the target.
     */
    public static Object forwardOther(Object proxy, Method method, Object[] args, Object target) throws Throwable {
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
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        return forward(method, target, args);
    }

    /** {@code r}, run at most once whichever thread ends a stream first (consumed, closed, completed, failed). */
    public static Runnable once(Runnable r) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                r.run();
            }
        };
    }
}
