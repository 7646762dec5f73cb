package dev.costagent.agent.sdk.stainless;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reflective reads of the Stainless-generated SDKs' never-throwing accessors, for the objects read once per stream
 * event or batch result rather than per response (where {@link StainlessReader}'s planned handles are worth their
 * set-up): the {@code Optional} union accessors ({@code messageStart()}) and the raw {@code _x()} fields, whose
 * {@code JsonField} is read through {@code asKnown()}.
 *
 * <p>Thread-safety: safe; the per-class accessor cache is concurrent.
 */
public final class RawFields {

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

    private RawFields() {
    }

    /** The content of an accessor returning {@code Optional}, or null. */
    public static Object optional(Object target, String name) throws ReflectiveOperationException {
        Object o = invoke(target, name);
        return o instanceof Optional<?> opt ? opt.orElse(null) : null;
    }

    /** The value of a Stainless {@code JsonField} ({@code asKnown()}), or null. */
    public static Object known(Object jsonField) throws ReflectiveOperationException {
        return jsonField == null ? null : optional(jsonField, "asKnown");
    }

    /** The known value of the raw field {@code name} ({@code _usage}) of {@code target}, or null. */
    public static Object field(Object target, String name) throws ReflectiveOperationException {
        return known(invoke(target, name));
    }

    /** Calls a public no-argument method. */
    public static Object invoke(Object target, String name) throws ReflectiveOperationException {
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
            if (Modifier.isPublic(c.getModifiers())) {
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
