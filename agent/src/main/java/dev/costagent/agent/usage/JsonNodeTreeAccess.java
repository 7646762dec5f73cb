package dev.costagent.agent.usage;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;

/**
 * A tree of Jackson {@code JsonNode}s, from whichever Jackson the program uses: 2.x
 * ({@code com.fasterxml.jackson.databind}), 3.x ({@code tools.jackson.databind}), 1.x, or a copy relocated into
 * another package. The agent bundles its own, relocated, Jackson, so the program's node classes can never be named
 * here: the type is recognised by its simple name and used only through handles on that public base class, which
 * also keeps the accessibility of the concrete node classes out of the question.
 *
 * <p>Relies on {@code get(String)} answering null, not throwing, on nodes that are not objects, as it does in
 * every Jackson version.
 */
// Thread-safety: immutable after construction.
final class JsonNodeTreeAccess implements TreeAccess {

    private static final MethodType MEMBER = MethodType.methodType(Object.class, Object.class, String.class);
    private static final MethodType NODE_COUNT = MethodType.methodType(long.class, Object.class);
    private static final MethodHandle COUNT_VALUE;
    private static final MethodHandle ABSENT_OR_INVALID;

    static {
        try {
            MethodHandles.Lookup own = MethodHandles.lookup();
            COUNT_VALUE = own.findStatic(TokenNormaliser.class, "count",
                    MethodType.methodType(long.class, Object.class));
            ABSENT_OR_INVALID = own.findStatic(JsonNodeTreeAccess.class, "absentOrInvalid",
                    MethodType.methodType(long.class, boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MethodHandle get;
    private final MethodHandle isObject;
    private final MethodHandle isNull;
    private final MethodHandle isText;
    private final MethodHandle textValue;
    /** {@code (Object node)long}, composed so a figure costs one handle call rather than up to five. */
    private final MethodHandle count;

    private JsonNodeTreeAccess(Class<?> jsonNode) throws ReflectiveOperationException {
        get = Accessors.method(jsonNode, "get", String.class).asType(MEMBER);
        isObject = Accessors.predicate(jsonNode, "isObject");
        isNull = Accessors.predicate(jsonNode, "isNull");
        MethodHandle isNumber = Accessors.predicate(jsonNode, "isNumber");
        // Jackson 3 renamed the "text" accessors to "string" ones; Jackson 2 has only the old names.
        MethodHandle numberValue = Accessors.firstGetter(jsonNode, "numberValue", "getNumberValue");
        isText = Accessors.firstPredicate(jsonNode, "isString", "isTextual");
        textValue = Accessors.firstGetter(jsonNode, "stringValue", "textValue", "getTextValue");
        // Jackson 3's numberValue() and stringValue() throw on other node types, hence the guards, not eager calls.
        count = MethodHandles.guardWithTest(isNumber,
                MethodHandles.filterReturnValue(numberValue, COUNT_VALUE),
                MethodHandles.guardWithTest(isText,
                        MethodHandles.filterReturnValue(textValue, COUNT_VALUE),
                        MethodHandles.filterReturnValue(isNull, ABSENT_OR_INVALID)))
                .asType(NODE_COUNT);
    }

    /**
     * The access for {@code type}'s Jackson, or null when {@code type} is not a {@code JsonNode} with the accessors
     * every Jackson version has.
     */
    static JsonNodeTreeAccess forClass(Class<?> type) throws ReflectiveOperationException {
        Class<?> jsonNode = jsonNodeType(type);
        if (jsonNode == null || !Accessors.hasMethod(jsonNode, "get", String.class)
                || !Accessors.hasMethod(jsonNode, "isObject")) {
            return null;
        }
        return new JsonNodeTreeAccess(jsonNode);
    }

    /** The public top-level class named {@code JsonNode} among {@code type}'s superclasses, or null. */
    private static Class<?> jsonNodeType(Class<?> type) {
        for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
            // By name rather than getSimpleName(): this runs once for every class the reader meets, and the name
            // needs no parsing of inner-class attributes, which can fail on odd generated classes.
            if (k.getName().endsWith(".JsonNode") && Modifier.isPublic(k.getModifiers())) {
                return k;
            }
        }
        return null;
    }

    @SuppressWarnings("unused") // called through ABSENT_OR_INVALID
    private static long absentOrInvalid(boolean isNull) {
        return isNull ? TokenNormaliser.ABSENT : TokenNormaliser.INVALID;
    }

    @Override
    public Object member(Object node, String name) throws Throwable {
        return node == null ? null : get.invokeExact(node, name);
    }

    @Override
    public boolean isObject(Object node) throws Throwable {
        return node != null && (boolean) isObject.invokeExact(node);
    }

    @Override
    public boolean isPresent(Object node) throws Throwable {
        return node != null && !(boolean) isNull.invokeExact(node);
    }

    @Override
    public long count(Object node) throws Throwable {
        return node == null ? TokenNormaliser.ABSENT : (long) count.invokeExact(node);
    }

    @Override
    public String text(Object node) throws Throwable {
        return node != null && (boolean) isText.invokeExact(node) ? (String) (Object) textValue.invokeExact(node)
                : null;
    }
}
