package dev.costagent.agent.usage;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves the accessors the readers call into method handles, once per class.
 *
 * <p>Handles are looked up on a public type that has the method, never blindly on the runtime class: a response
 * may be an instance of a non-public implementation class (Google GenAI's {@code AutoValue_...}, a private
 * subclass) whose own {@code Method} cannot be called from outside its package even though the method is public
 * (SDK_REFERENCE, general note 3). {@link MethodHandles#publicLookup()} needs no access to the SDK's class
 * loader, so this works whichever loader defined the SDK.
 */
// Thread-safety: stateless.
public final class Accessors {

    /** The erased shape every getter is adapted to, so that one call site serves every SDK type. */
    public static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    public static final MethodType PREDICATE = MethodType.methodType(boolean.class, Object.class);

    private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();
    private static final MethodHandle OPTIONAL_VALUE;

    static {
        try {
            OPTIONAL_VALUE = MethodHandles.lookup().findStatic(Accessors.class, "optionalValue",
                    MethodType.methodType(Object.class, Optional.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Accessors() {
    }

    /** A public no-argument method of {@code type}, as {@code (Object)Object}. */
    public static MethodHandle getter(Class<?> type, String name) throws ReflectiveOperationException {
        return method(type, name).asType(GETTER);
    }

    /** A public no-argument {@code boolean} method of {@code type}, as {@code (Object)boolean}. */
    public static MethodHandle predicate(Class<?> type, String name) throws ReflectiveOperationException {
        return method(type, name).asType(PREDICATE);
    }

    /** {@code (Object owner)Object}: the content of a public method returning {@code Optional}, or null. */
    public static MethodHandle optionalField(Class<?> owner, String name) throws ReflectiveOperationException {
        MethodHandle optional = method(owner, name).asType(MethodType.methodType(Optional.class, Object.class));
        return MethodHandles.filterReturnValue(optional, OPTIONAL_VALUE);
    }

    /** The first of {@code names} that {@code type} has, as {@code (Object)Object}: for renamed accessors. */
    public static MethodHandle firstGetter(Class<?> type, String... names) throws ReflectiveOperationException {
        return method(type, firstPresent(type, names)).asType(GETTER);
    }

    /** The first of {@code names} that {@code type} has, as {@code (Object)boolean}: for renamed accessors. */
    public static MethodHandle firstPredicate(Class<?> type, String... names) throws ReflectiveOperationException {
        return method(type, firstPresent(type, names)).asType(PREDICATE);
    }

    /** A public instance method with the given parameters, with its exact declared type. */
    public static MethodHandle method(Class<?> type, String name, Class<?>... parameters)
            throws ReflectiveOperationException {
        Class<?> owner = publicOwner(type, name, parameters);
        Method method = owner.getMethod(name, parameters);
        return PUBLIC.findVirtual(owner, name, MethodType.methodType(method.getReturnType(), parameters));
    }

    /**
     * The {@code T} of a method returning {@code JsonField<T>} or {@code Optional<T>}: the type the reader meets
     * one step further down, taken from the signature so that it comes from {@code type}'s own class loader.
     */
    public static Class<?> valueType(Class<?> type, String name) throws ReflectiveOperationException {
        Type generic = publicOwner(type, name).getMethod(name).getGenericReturnType();
        if (generic instanceof ParameterizedType parameterized) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (arguments.length == 1 && arguments[0] instanceof Class<?> argument) {
                return argument;
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + "() does not return a wrapper of a class but "
                + generic);
    }

    /** The declared return type of a public no-argument method. */
    public static Class<?> returnType(Class<?> type, String name) throws ReflectiveOperationException {
        return publicOwner(type, name).getMethod(name).getReturnType();
    }

    /** The class named {@code name} among {@code type} and its superclasses, or null. */
    public static Class<?> superclassNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    public static boolean hasMethod(Class<?> type, String name, Class<?>... parameters) {
        try {
            publicOwner(type, name, parameters);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static String firstPresent(Class<?> type, String... names) throws NoSuchMethodException {
        for (String name : names) {
            if (hasMethod(type, name)) {
                return name;
            }
        }
        throw new NoSuchMethodException(type.getName() + " has none of " + String.join(", ", names));
    }

    /**
     * The first public class or interface in {@code type}'s hierarchy (itself, then breadth-first its superclass
     * and interfaces) with a public instance method of that signature. A handle found on it dispatches to the
     * runtime class's override anyway.
     */
    private static Class<?> publicOwner(Class<?> type, String name, Class<?>... parameters)
            throws NoSuchMethodException {
        ArrayDeque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> candidate = pending.poll();
            if (!seen.add(candidate)) {
                continue;
            }
            if (Modifier.isPublic(candidate.getModifiers()) && isPublicInstanceMethod(candidate, name, parameters)) {
                return candidate;
            }
            if (candidate.getSuperclass() != null) {
                pending.add(candidate.getSuperclass());
            }
            pending.addAll(Arrays.asList(candidate.getInterfaces()));
        }
        throw new NoSuchMethodException("no public type in the hierarchy of " + type.getName() + " has " + name
                + Arrays.toString(parameters));
    }

    @SuppressWarnings("unused") // called through OPTIONAL_VALUE
    private static Object optionalValue(Optional<?> optional) {
        return optional.orElse(null);
    }

    private static boolean isPublicInstanceMethod(Class<?> type, String name, Class<?>... parameters) {
        try {
            return !Modifier.isStatic(type.getMethod(name, parameters).getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
