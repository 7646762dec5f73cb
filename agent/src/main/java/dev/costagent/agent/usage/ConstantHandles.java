package dev.costagent.agent.usage;

import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Copies of a reader class whose method handles are constants to the JIT, one copy per response class.
 *
 * <p>Why: a {@code MethodHandle} held in an instance field is data to the JIT, so each {@code invokeExact} on it
 * is an indirect call through the handle's lambda form, and an Anthropic message takes ten of them. A handle in a
 * {@code static final} field is a constant, and the JIT inlines through it down to the SDK's accessors. But the
 * handles differ per response class (each class loader of an SDK has its own classes), and a class has one set of
 * static fields. So a reader class is written as a template: it takes its handles from its class data into
 * {@code static final} fields, and for each response class {@link #copy} defines a hidden copy of it with that
 * class's handles as the class data ({@link MethodHandles.Lookup#defineHiddenClassWithClassData}, the mechanism
 * the JDK's own lambdas use). The template class itself only plans (its static methods); its own handles are null.
 * A hidden class is defined in the package of the lookup that defines it, so each template's module hands in a
 * lookup of its own package.
 *
 * <p>Lifetime: a copy is not a strong hidden class, so it can be unloaded as soon as its one instance is
 * unreachable; that instance lives in {@link UsageReader}'s {@code ClassValue}, as long as the response class.
 */
// Thread-safety: stateless.
public final class ConstantHandles {

    private static final MethodType NO_ARGUMENTS = MethodType.methodType(void.class);
    /**
     * Each template's class file, found once: a template is copied for every response class of its SDK (a
     * {@code Message} and a {@code BetaMessage}, the same classes in another loader). A resource lookup in the
     * agent jar, which happens on the thread that prepares the reader ({@link ReaderPrefetch}), usually before the
     * first response.
     */
    private static final ClassValue<byte[]> TEMPLATES = new ClassValue<>() {
        @Override
        protected byte[] computeValue(Class<?> template) {
            try {
                return read(template);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    };

    private ConstantHandles() {
    }

    /**
     * The handles of the calling template copy, for its static initialiser; null in the template class itself.
     *
     * @param own the caller's {@code MethodHandles.lookup()}
     */
    @SuppressWarnings("unchecked")
    public static List<MethodHandle> classData(MethodHandles.Lookup own) {
        try {
            return MethodHandles.classData(own, ConstantDescs.DEFAULT_NAME, List.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("no full-privilege lookup of " + own.lookupClass().getName(), e);
        }
    }

    /** The {@code i}-th of a copy's handles; null in the template class itself. */
    public static MethodHandle at(List<MethodHandle> handles, int i) {
        return handles == null ? null : handles.get(i);
    }

    /**
     * A new instance of a hidden copy of {@code template} whose class data is {@code handles}.
     *
     * @param templatePackage a full-privilege lookup in the template's package ({@code MethodHandles.lookup()}
     *                        called there): the copy is defined beside the template
     * @param template        a reader class with a no-argument constructor whose static initialiser takes its
     *                        handles from {@link #classData}, in the order of {@code handles}
     */
    public static ShapeReader copy(MethodHandles.Lookup templatePackage, Class<? extends ShapeReader> template,
                                   List<MethodHandle> handles) throws ReflectiveOperationException {
        MethodHandles.Lookup copy = templatePackage.defineHiddenClassWithClassData(TEMPLATES.get(template),
                List.copyOf(handles), true);
        try {
            return (ShapeReader) copy.findConstructor(copy.lookupClass(), NO_ARGUMENTS).invoke();
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t); // a no-argument constructor throws nothing checked
        }
    }

    /** The class file of a template, from wherever this agent was loaded. */
    private static byte[] read(Class<?> template) throws ClassNotFoundException {
        String name = template.getName();
        String resource = name.substring(name.lastIndexOf('.') + 1) + ".class";
        try (InputStream in = template.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name + ": class file not found next to it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name + ": cannot read its class file", e);
        }
    }
}
