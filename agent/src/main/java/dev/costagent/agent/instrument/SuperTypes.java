package dev.costagent.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * Walks a class's super types through their class files, read as resources of the loader that is defining the
 * class: nothing is loaded or initialised, which a transformer must not do. JDK types are not read (none of them
 * implements an SDK's interface).
 *
 * <p>Thread-safety: stateless.
 */
final class SuperTypes {

    /** Beyond this many types the walk gives up (answers no): a guard against pathological hierarchies. */
    private static final int LIMIT = 256;

    private SuperTypes() {
    }

    /** Whether a class with these direct super types implements {@code target} (an internal name). */
    static boolean implementsInterface(String superName, String[] interfaces, String target, ClassLoader loader) {
        ArrayDeque<String> pending = new ArrayDeque<>();
        if (superName != null) {
            pending.add(superName);
        }
        Collections.addAll(pending, interfaces);
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty() && seen.size() < LIMIT) {
            String name = pending.poll();
            if (name.equals(target)) {
                return true;
            }
            if (name.startsWith("java/") || !seen.add(name)) {
                continue;
            }
            ClassReader r = read(name, loader);
            if (r == null) {
                continue;
            }
            if (r.getSuperName() != null) {
                pending.add(r.getSuperName());
            }
            Collections.addAll(pending, r.getInterfaces());
        }
        return false;
    }

    private static ClassReader read(String internalName, ClassLoader loader) {
        String resource = internalName + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            return in == null ? null : new ClassReader(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
