package dev.costagent.agent.instrument;

import dev.costagent.agent.config.MethodPattern;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Rewrites one class: inlines {@link StageAdvice} into its stage methods and {@link CallAdvice} into its tracked
 * calls, matched by annotation name (never by loading the annotation) or by a configured {@link MethodPattern}.
 *
 * <p>The class is read from its bytes and described lazily, so nothing it refers to is loaded; the rewrite
 * changes method bodies only (no new members), which makes it valid for retransformation too.
 *
 * <p>Thread-safety: safe; class loading may transform classes on many threads at once.
 */
final class Instrumenter {

    static final String TRACKED_CALL = "dev.costagent.TrackedCall";
    static final String PIPELINE_STAGE = "dev.costagent.PipelineStage";

    private final SiteRegistry sites;
    private final List<MethodPattern> stagePatterns;
    private final List<MethodPattern> callPatterns;
    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
            .with(InstrumentedType.Factory.Default.FROZEN)
            .with(Implementation.Context.Disabled.Factory.INSTANCE);
    private final AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper stageAdvice;
    private final AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper callAdvice;
    private final AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper sdkAdvice;
    private final AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper sdkEntryAdvice;
    private final SdkHooks hooks;

    Instrumenter(SiteRegistry sites, List<MethodPattern> stagePatterns, List<MethodPattern> callPatterns,
                 SdkHooks hooks) {
        this.sites = sites;
        this.hooks = hooks;
        this.stagePatterns = List.copyOf(stagePatterns);
        this.callPatterns = List.copyOf(callPatterns);
        ClassFileLocator adviceLocator = AgentJar.adviceLocator();
        this.stageAdvice = Advice.withCustomMapping()
                .bind(new SiteIdFactory(Site.Kind.STAGE))
                .to(TypePool.Default.of(adviceLocator).describe(StageAdvice.class.getName()).resolve(), adviceLocator);
        this.callAdvice = Advice.withCustomMapping()
                .bind(new SiteIdFactory(Site.Kind.CALL))
                .to(TypePool.Default.of(adviceLocator).describe(CallAdvice.class.getName()).resolve(), adviceLocator);
        this.sdkAdvice = Advice.withCustomMapping()
                .bind(new SiteIdFactory(Site.Kind.SDK))
                .to(TypePool.Default.of(adviceLocator).describe(SdkAdvice.class.getName()).resolve(), adviceLocator);
        this.sdkEntryAdvice = Advice.withCustomMapping()
                .bind(new SiteIdFactory(Site.Kind.SDK))
                .to(TypePool.Default.of(adviceLocator).describe(SdkEntryAdvice.class.getName()).resolve(),
                        adviceLocator);
    }

    /** The rewritten class, or null when it has no method to instrument. */
    byte[] instrument(ClassLoader loader, String className, byte[] bytes) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(className, bytes),
                ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
        TypeDescription type = pool.describe(className).resolve();
        ElementMatcher.Junction<MethodDescription> concrete = ElementMatchers.not(ElementMatchers.isAbstract())
                .and(ElementMatchers.not(ElementMatchers.isNative()))
                .and(ElementMatchers.not(ElementMatchers.isBridge()))
                .and(ElementMatchers.not(ElementMatchers.isTypeInitializer()));
        ElementMatcher.Junction<MethodDescription> stage = concrete.and(
                ElementMatchers.isAnnotatedWith(ElementMatchers.named(PIPELINE_STAGE))
                        .or(byPattern(type, stagePatterns)));
        ElementMatcher.Junction<MethodDescription> call = concrete.and(
                ElementMatchers.isAnnotatedWith(ElementMatchers.named(TRACKED_CALL))
                        .or(byPattern(type, callPatterns)));
        ElementMatcher.Junction<MethodDescription> sdkMethods = ElementMatchers.none();
        ElementMatcher.Junction<MethodDescription> sdkEntryMethods = ElementMatchers.none();
        for (SdkHooks.Hook h : hooks.forType(type)) {
            if (h.entryOnly()) {
                sdkEntryMethods = sdkEntryMethods.or(hooked(h));
            } else {
                sdkMethods = sdkMethods.or(hooked(h));
            }
        }
        ElementMatcher.Junction<MethodDescription> hooked = concrete.and(sdkMethods);
        ElementMatcher.Junction<MethodDescription> hookedOnEntry = concrete.and(sdkEntryMethods);
        if (type.getDeclaredMethods().filter(stage.or(call).or(hooked).or(hookedOnEntry)).isEmpty()) {
            return null;
        }
        return byteBuddy.redefine(type, locator)
                .visit(new AsmVisitorWrapper.ForDeclaredMethods()
                        .invokable(stage, stageAdvice)
                        .invokable(call, callAdvice)
                        .invokable(hooked, sdkAdvice)
                        .invokable(hookedOnEntry, sdkEntryAdvice))
                .make()
                .getBytes();
    }

    /** The methods a hook names: by name, parameter count and, when given, the first parameter's type name. */
    static ElementMatcher.Junction<MethodDescription> hooked(SdkHooks.Hook h) {
        ElementMatcher.Junction<MethodDescription> m = ElementMatchers.<MethodDescription>named(h.method())
                .and(ElementMatchers.takesArguments(h.arguments()));
        return h.firstParameter() == null ? m
                : m.and(ElementMatchers.takesArgument(0, ElementMatchers.named(h.firstParameter())));
    }

    private static ElementMatcher.Junction<MethodDescription> byPattern(TypeDescription type,
                                                                        List<MethodPattern> patterns) {
        ElementMatcher.Junction<MethodDescription> m = ElementMatchers.none();
        for (MethodPattern p : patterns) {
            if (p.matchesClass(type.getName())) {
                m = m.or(ElementMatchers.isMethod().and(md -> p.matchesMethod(md.getInternalName())));
            }
        }
        return m;
    }

    /** Binds {@link SiteId} to the number of the method's site, registering the site on first sight. */
    private final class SiteIdFactory implements Advice.OffsetMapping.Factory<SiteId> {
        private final Site.Kind kind;

        SiteIdFactory(Site.Kind kind) {
            this.kind = kind;
        }

        @Override
        public Class<SiteId> getAnnotationType() {
            return SiteId.class;
        }

        @Override
        public Advice.OffsetMapping make(net.bytebuddy.description.method.ParameterDescription.InDefinedShape target,
                                         AnnotationDescription.Loadable<SiteId> annotation,
                                         AdviceType adviceType) {
            return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
                    Advice.OffsetMapping.Target.ForStackManipulation.of(site(instrumentedType, instrumentedMethod).id());
        }

        private Site site(TypeDescription type, MethodDescription method) {
            String where = type.getName() + "#" + method.getInternalName();
            String key = where + method.getDescriptor();
            if (kind == Site.Kind.STAGE) {
                String name = annotationValue(method, PIPELINE_STAGE, "value");
                return sites.register(kind, name.isEmpty() ? method.getInternalName() : name, null, where, key, null);
            }
            if (kind == Site.Kind.SDK) {
                for (SdkHooks.Hook h : hooks.forType(type)) {
                    if (hooked(h).matches(method)) {
                        return sites.register(kind, h.operation(), null, where, key, h.returns(), h.modelFrom());
                    }
                }
                throw new IllegalStateException("no SDK hook for " + where);
            }
            String op = annotationValue(method, TRACKED_CALL, "value");
            String model = annotationValue(method, TRACKED_CALL, "model");
            return sites.register(kind, op.isEmpty() ? type.getSimpleName() + "." + method.getInternalName() : op,
                    model.isEmpty() ? null : model, where, key, null);
        }
    }

    /** The annotation's string property, or "" when the method lacks the annotation (a configured pattern). */
    private static String annotationValue(MethodDescription method, String annotation, String property) {
        for (AnnotationDescription a : method.getDeclaredAnnotations()) {
            if (a.getAnnotationType().getName().equals(annotation)) {
                return a.getValue(property).resolve(String.class);
            }
        }
        return "";
    }
}
