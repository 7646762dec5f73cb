package dev.costagent.agent.instrument;

import dev.costagent.agent.sdk.Hook;
import dev.costagent.agent.sdk.SdkModules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK methods the agent hooks, so that programs are priced without annotations, as the SDK modules declare
 * them ({@link SdkModules#hooks}), indexed for the transformer. Most hooks name a class and a method of it; a few
 * name an interface instead ({@link Hook#subtypes}): every class implementing it is hooked, found through the
 * class file's super types without loading anything.
 */
public final class SdkHooks {

    private final Map<String, List<Hook>> byClass;
    private final List<Hook> bySupertype;
    /** Per supertype hook: text its implementations' constant pools must hold (the first parameter's descriptor). */
    private final byte[][] supertypeMarkers;
    private static final byte[][] NO_STRINGS = new byte[0][];

    private SdkHooks(List<Hook> hooks) {
        Map<String, List<Hook>> m = new HashMap<>();
        List<Hook> subtypes = new ArrayList<>();
        List<byte[]> markers = new ArrayList<>();
        for (Hook h : hooks) {
            if (h.subtypes()) {
                subtypes.add(h);
                byte[] marker = ("(L" + h.firstParameter().replace('.', '/') + ";").getBytes(StandardCharsets.US_ASCII);
                boolean known = false;
                for (byte[] m2 : markers) {
                    known |= Arrays.equals(m2, marker);
                }
                if (!known) {
                    // Two interfaces whose methods take the same type: one scan of each class file serves both.
                    markers.add(marker);
                }
            } else {
                String name = h.className().replace('.', '/');
                List<Hook> onClass = m.get(name);
                if (onClass == null) {
                    onClass = new ArrayList<>();
                    m.put(name, onClass);
                }
                onClass.add(h);
            }
        }
        for (Map.Entry<String, List<Hook>> e : m.entrySet()) {
            e.setValue(List.copyOf(e.getValue()));
        }
        this.byClass = Map.copyOf(m);
        this.bySupertype = List.copyOf(subtypes);
        this.supertypeMarkers = markers.toArray(new byte[0][]);
    }

    /** The hooks in force: every module's, or none when {@code costagent.sdks=false}. */
    public static SdkHooks of(boolean enabled) {
        return new SdkHooks(enabled ? SdkModules.hooks() : List.of());
    }

    /** The hooks on a class, by its internal name ({@code com/acme/Client}); empty for nearly every class. */
    List<Hook> forInternalName(String internalName) {
        return byClass.getOrDefault(internalName, List.of());
    }

    /**
     * Whether a class may implement an interface hooked by {@link Hook#subtypes}: its constant pool holds the
     * descriptor of the hooked method's first parameter, which a class declaring that method must. A byte scan,
     * so that nearly every class is rejected before its super types are looked at.
     */
    boolean mayImplementHooked(byte[] classFile) {
        int found = ConstantPoolScan.find(classFile, NO_STRINGS, supertypeMarkers);
        return found == ConstantPoolScan.UNREADABLE ? bytesMayImplementHooked(classFile) : found != 0;
    }

    /** {@link #mayImplementHooked} by a search of the whole file, for a constant pool that cannot be walked. */
    boolean bytesMayImplementHooked(byte[] classFile) {
        for (byte[] marker : supertypeMarkers) {
            if (CostTransformer.contains(classFile, marker)) {
                return true;
            }
        }
        return false;
    }

    /** The texts of {@link #mayImplementHooked}, for a caller that walks the constant pool for more at once. */
    byte[][] supertypeMarkers() {
        return supertypeMarkers;
    }

    /**
     * The hooks that apply to a class: those naming it, and those naming an interface it implements. Super types
     * are read from class files through {@code loader}'s resources, so nothing is loaded; one that cannot be read
     * counts as not implemented.
     */
    List<Hook> forClass(String internalName, String superName, String[] interfaces, ClassLoader loader,
                        byte[] classFile) {
        List<Hook> exact = forInternalName(internalName);
        // A class that never names the hooked method's parameter type declares no such method, so there is
        // nothing to hook in it whatever it implements: its super types are not read (class files, I/O).
        if (bySupertype.isEmpty() || !mayImplementHooked(classFile)) {
            return exact;
        }
        List<Hook> out = null;
        for (Hook h : bySupertype) {
            if (SuperTypes.implementsInterface(superName, interfaces, h.className().replace('.', '/'), loader)) {
                if (out == null) {
                    out = new ArrayList<>(exact);
                }
                out.add(h);
            }
        }
        return out == null ? exact : out;
    }

    /**
     * Whether hooks may apply to a class already loaded (for retransformation after an attach): one names it, or
     * it implements an interface hooked by {@link Hook#subtypes}. Reads the loaded class's own hierarchy.
     */
    public boolean mayApplyToLoaded(Class<?> type) {
        if (!forInternalName(type.getName().replace('.', '/')).isEmpty()) {
            return true;
        }
        for (Hook h : bySupertype) {
            if (implementsByName(type, h.className())) {
                return true;
            }
        }
        return false;
    }

    private static boolean implementsByName(Class<?> type, String interfaceName) {
        java.util.ArrayDeque<Class<?>> pending = new java.util.ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            pending.add(c);
        }
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            Class<?> c = pending.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (c.getName().equals(interfaceName)) {
                return true;
            }
            pending.addAll(java.util.Arrays.asList(c.getInterfaces()));
        }
        return false;
    }

    boolean isEmpty() {
        return byClass.isEmpty() && bySupertype.isEmpty();
    }
}
