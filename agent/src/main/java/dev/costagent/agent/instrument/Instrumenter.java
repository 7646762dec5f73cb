package dev.costagent.agent.instrument;

import dev.costagent.agent.config.MethodPattern;
import dev.costagent.agent.sdk.Hook;
import dev.costagent.agent.usage.ReaderPrefetch;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites one class: weaves stage, tracked-call and SDK-hook code ({@link AdviceWeaver}) into the methods that
 * carry our annotations (matched by descriptor text, never by loading the annotation), match a configured
 * {@link MethodPattern}, or are named by an {@link SdkHooks} entry.
 *
 * <p>The class is read from its bytes with plain ASM, so nothing it refers to is loaded; the rewrite changes
 * method bodies only (no new members), which makes it valid for retransformation too. A method that is both a
 * stage and a tracked call (or hooked) is woven once per role, the stage outermost.
 *
 * <p>Thread-safety: safe; class loading may transform classes on many threads at once.
 */
final class Instrumenter {

    static final String TRACKED_CALL = "dev.costagent.TrackedCall";
    static final String PIPELINE_STAGE = "dev.costagent.PipelineStage";

    /** Weaving order: the first is innermost. */
    private static final AdviceWeaver.Kind[][] PASSES = {
        {AdviceWeaver.Kind.SDK, AdviceWeaver.Kind.SDK_ENTRY}, {AdviceWeaver.Kind.CALL}, {AdviceWeaver.Kind.STAGE},
    };

    private final SiteRegistry sites;
    private final List<MethodPattern> stagePatterns;
    private final List<MethodPattern> callPatterns;
    private final SdkHooks hooks;
    private final ReaderPrefetch prefetch;

    /**
     * @param prefetch told the response class of each SDK method hooked, so its reader is ready before the first
     *                 response
     */
    Instrumenter(SiteRegistry sites, List<MethodPattern> stagePatterns, List<MethodPattern> callPatterns,
                 SdkHooks hooks, ReaderPrefetch prefetch) {
        this.sites = sites;
        this.hooks = hooks;
        this.prefetch = prefetch;
        this.stagePatterns = List.copyOf(stagePatterns);
        this.callPatterns = List.copyOf(callPatterns);
    }

    /** The rewritten class, or null when it has no method to instrument. */
    byte[] instrument(ClassLoader loader, String className, byte[] bytes) {
        ClassScan scan = ClassScan.of(bytes);
        List<Hook> classHooks = hooks.forClass(scan.internalName, scan.superName, scan.interfaces, loader,
                bytes);
        // Per method (name + descriptor), its roles with their sites, registered before any byte is returned.
        Map<String, Map<AdviceWeaver.Kind, Integer>> roles = new HashMap<>();
        for (ClassScan.Method m : scan.methods) {
            if (!m.concrete()) {
                continue;
            }
            Map<AdviceWeaver.Kind, Integer> r = new EnumMap<>(AdviceWeaver.Kind.class);
            String where = scan.className() + "#" + m.name;
            String key = where + m.descriptor;
            if (m.stageName != null || (m.isMethod() && matches(scan.className(), m.name, stagePatterns))) {
                String name = m.stageName == null || m.stageName.isEmpty() ? m.name : m.stageName;
                r.put(AdviceWeaver.Kind.STAGE, sites.register(Site.Kind.STAGE, name, null, where, key, null).id());
            }
            if (m.callName != null || (m.isMethod() && matches(scan.className(), m.name, callPatterns))) {
                String op = m.callName == null || m.callName.isEmpty() ? scan.simpleName + "." + m.name : m.callName;
                String model = m.callModel == null || m.callModel.isEmpty() ? null : m.callModel;
                r.put(AdviceWeaver.Kind.CALL, sites.register(Site.Kind.CALL, op, model, where, key, null).id());
            }
            for (Hook h : classHooks) {
                if (m.isMethod() && hooked(h, m)) {
                    int id = sites.register(Site.Kind.SDK, h.operation(), null, where, key, h).id();
                    r.put(h.kind() == Hook.Kind.ENTRY ? AdviceWeaver.Kind.SDK_ENTRY : AdviceWeaver.Kind.SDK, id);
                    Type returned = Type.getReturnType(m.descriptor);
                    if (h.kind() == Hook.Kind.RESPONSE && returned.getSort() == Type.OBJECT) {
                        prefetch.responseType(loader, returned.getClassName());
                    }
                    break;
                }
            }
            if (!r.isEmpty()) {
                roles.put(m.name + m.descriptor, r);
            }
        }
        if (roles.isEmpty()) {
            return null;
        }
        byte[] out = bytes;
        for (AdviceWeaver.Kind[] pass : PASSES) {
            // This pass's methods and sites; the code is read (for each method's local variable count, which the
            // previous pass may have raised) only for them, and not at all for a pass without any.
            Map<String, Map.Entry<AdviceWeaver.Kind, Integer>> inPass = new HashMap<>();
            for (Map.Entry<String, Map<AdviceWeaver.Kind, Integer>> e : roles.entrySet()) {
                for (AdviceWeaver.Kind k : pass) {
                    Integer site = e.getValue().get(k);
                    if (site != null) {
                        inPass.put(e.getKey(), Map.entry(k, site));
                    }
                }
            }
            if (inPass.isEmpty()) {
                continue;
            }
            Map<String, Integer> maxLocals = ClassScan.maxLocals(out, inPass.keySet());
            Map<String, AdviceWeaver.Plan> plans = new HashMap<>();
            for (Map.Entry<String, Map.Entry<AdviceWeaver.Kind, Integer>> e : inPass.entrySet()) {
                plans.put(e.getKey(), new AdviceWeaver.Plan(e.getValue().getKey(), e.getValue().getValue(),
                        maxLocals.get(e.getKey())));
            }
            out = AdviceWeaver.weave(out, plans);
        }
        return out;
    }

    /** Whether a hook names this method: by name, parameter count and, when given, the first parameter's type. */
    static boolean hooked(Hook h, ClassScan.Method m) {
        if (!h.method().equals(m.name)) {
            return false;
        }
        Type[] parameters = Type.getArgumentTypes(m.descriptor);
        return parameters.length == h.arguments()
                && (h.firstParameter() == null || h.firstParameter().equals(parameters[0].getClassName()));
    }

    private static boolean matches(String className, String method, List<MethodPattern> patterns) {
        for (MethodPattern p : patterns) {
            if (p.matchesClass(className) && p.matchesMethod(method)) {
                return true;
            }
        }
        return false;
    }
}
