package dev.costagent.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import dev.costagent.agent.config.MethodPattern;
import dev.costagent.agent.usage.ReaderPrefetch;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.implementation.StubMethod;
import org.junit.jupiter.api.Test;

/**
 * Issue #4, point 7: what the transformer refuses to touch. Each class below carries both annotations and matches
 * catch-all patterns ({@code *#call}, {@code *#run}), so only its name can keep it from being rewritten; the same
 * bytes under an application's name are rewritten, which shows the refusals are the name rule's doing.
 */
class TransformerDecisionsTest {

    private final List<String> faults = new ArrayList<>();

    private CostTransformer transformer() {
        return new CostTransformer(new SiteRegistry(), List.of(MethodPattern.parse("*#run")),
                List.of(MethodPattern.parse("*#call")), SdkHooks.of(true), (where, t) -> faults.add(where + ": " + t),
                new ReaderPrefetch(null, null));
    }

    /** A class of that name with a {@code @TrackedCall} method {@code call} and a {@code @PipelineStage} {@code run}. */
    private static byte[] annotatedClass(String name) {
        return new ByteBuddy().subclass(Object.class).name(name)
                .defineMethod("call", Object.class, Visibility.PUBLIC).intercept(FixedValue.nullValue())
                .annotateMethod(AnnotationDescription.Builder.ofType(TrackedCall.class).build())
                .defineMethod("run", void.class, Visibility.PUBLIC).intercept(StubMethod.INSTANCE)
                .annotateMethod(AnnotationDescription.Builder.ofType(PipelineStage.class).build())
                .make().getBytes();
    }

    private byte[] transform(String name) {
        return transformer().transform(getClass().getClassLoader(), name.replace('.', '/'), null, null,
                annotatedClass(name));
    }

    @Test
    void anApplicationClassWithTheAnnotationsIsRewritten() {
        assertNotNull(transform("com.acme.Pipeline"));
        assertNotNull(transform("org.example.llm.Client"));
        assertEquals(List.of(), faults);
    }

    @Test
    void theJdkIsNeverRewritten() {
        for (String name : List.of("java.util.Fake", "javax.net.Fake", "jdk.internal.Fake", "sun.nio.Fake",
                "com.sun.net.Fake")) {
            assertTrue(transform(name) == null, name + " was rewritten");
        }
        assertEquals(List.of(), faults);
    }

    @Test
    void byteBuddyIsNeverRewritten() {
        assertTrue(transform("net.bytebuddy.Fake") == null);
        assertTrue(transform("net.bytebuddy.asm.Advice$Fake") == null);
        assertEquals(List.of(), faults);
    }

    @Test
    void theAgentsOwnClassesAndTheApiAreNeverRewritten() {
        for (String name : List.of("dev.costagent.agent.Fake", "dev.costagent.agent.instrument.Fake",
                "dev.costagent.shaded.bytebuddy.Fake", "dev.costagent.shaded.jackson.Fake", "dev.costagent.CostAgent",
                "dev.costagent.Fake")) {
            assertTrue(transform(name) == null, name + " was rewritten");
        }
        assertEquals(List.of(), faults);
    }

    @Test
    void everyClassLoadedWhileTheTransformerRunsIsRefusedFromItsNameAlone() {
        // Classes the transformer's own work loads (ByteBuddy, the agent, the logging binding) are refused before
        // any byte is read: null bytes would fail any deeper look.
        for (String name : List.of("net/bytebuddy/pool/TypePool", "dev/costagent/agent/instrument/Instrumenter",
                "dev/costagent/shaded/slf4j/Logger", "java/lang/Object")) {
            assertTrue(CostTransformer.ignored(name), name);
            assertTrue(transformer().transform(null, name, null, null, new byte[] {1, 2, 3}) == null, name);
        }
        assertEquals(List.of(), faults, "refused by name, so the garbage bytes were never parsed");
    }

    /**
     * Other Java agents' classes match catch-all patterns too, and must be left alone: they run inside class
     * loading and transformation, and several ship a shaded ByteBuddy of their own.
     */
    @Test
    void otherJavaAgentsAreNeverRewritten() {
        for (String name : List.of("io.opentelemetry.javaagent.bootstrap.Fake",
                "io.opentelemetry.javaagent.shaded.net.bytebuddy.Fake", "co.elastic.apm.agent.Fake",
                "datadog.trace.bootstrap.Fake", "com.datadog.profiling.Fake", "com.newrelic.agent.Fake",
                "com.newrelic.weave.Fake", "org.jacoco.agent.rt.internal.Fake", "org.glowroot.agent.Fake",
                "com.dynatrace.Fake", "org.apache.skywalking.apm.agent.Fake", "com.navercorp.pinpoint.Fake",
                "com.appdynamics.Fake", "org.jboss.byteman.Fake", "io.pyroscope.javaagent.Fake")) {
            assertTrue(transform(name) == null, name + " was rewritten");
        }
        assertEquals(List.of(), faults);
    }

    /** A class file from a Java release newer than the bundled ASM reads: loaded unchanged, one fault reported. */
    @Test
    void aClassFileTooNewForAsmIsLoadedUnchangedWithOneFault() throws Exception {
        byte[] bytes;
        try (java.io.InputStream in = getClass().getResourceAsStream(
                "/dev/costagent/agent/instrument/shapes/WeavingShapes.class")) {
            bytes = in.readAllBytes();
        }
        bytes[6] = 0x00;
        bytes[7] = (byte) 0xFF; // major version 255
        assertTrue(transformer().transform(getClass().getClassLoader(), "com/acme/Future",
                null, null, bytes) == null);
        assertEquals(1, faults.size(), faults.toString());
        assertTrue(faults.get(0).startsWith("instrumenting com.acme.Future: "),
                faults.get(0));
    }

    /** Only our annotations' descriptors make a class a candidate, not any name under {@code dev/costagent/}. */
    @Test
    void onlyTheAnnotationDescriptorsMakeAClassACandidate() {
        java.util.function.Function<String, byte[]> b = t -> t.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(!CostTransformer.mentionsAnnotation(b.apply("xxLdev/costagent/demo/Foo;yy")));
        assertTrue(CostTransformer.mentionsAnnotation(b.apply("xxLdev/costagent/TrackedCall;yy")));
        assertTrue(CostTransformer.mentionsAnnotation(
                b.apply("Ldev/costagent/demo/X;Ldev/costagent/demo/Y;..Ldev/costagent/PipelineStage;")));
        assertTrue(!CostTransformer.mentionsAnnotation(b.apply("Ldev/costagent/PipelineStag")));
        assertTrue(!CostTransformer.mentionsAnnotation(b.apply("Ldev/costagent/TrackedCallX")));
        assertTrue(!CostTransformer.mentionsAnnotation(b.apply("")));
    }

    @Test
    void librariesConstantPoolsAreNotWalkedButTheirNamesStillMatchPatterns() throws Exception {
        CostTransformer annotationsOnly = new CostTransformer(new SiteRegistry(), List.of(), List.of(),
                SdkHooks.of(true), (where, t) -> faults.add(where + ": " + t), new ReaderPrefetch(null, null));
        for (String name : List.of("com.fasterxml.jackson.databind.Fake", "okhttp3.Fake", "okio.Fake",
                "io.opentelemetry.api.Fake", "io.opentelemetry.context.Fake", "com.anthropic.models.messages.Fake",
                "com.openai.core.Fake", "com.google.genai.types.Fake", "software.amazon.awssdk.core.Fake")) {
            assertTrue(annotationsOnly.transform(getClass().getClassLoader(), name.replace('.', '/'), null, null,
                    annotatedClass(name)) == null, name + " was walked");
            // A configured pattern still names it.
            assertNotNull(transform(name), name + " escaped a pattern");
        }
        // The same bytes elsewhere are rewritten for their annotations alone, a program's own code beside an SDK's
        // packages included.
        for (String name : List.of("com.fasterxml.Other", "com.anthropic.team.Pipeline", "com.openai.Pipeline")) {
            assertNotNull(annotationsOnly.transform(getClass().getClassLoader(), name.replace('.', '/'), null, null,
                    annotatedClass(name)), name);
        }
        // And an SDK's hooked service class is still named by its hook.
        Class<?> service = com.anthropic.services.blocking.MessageServiceImpl.class;
        try (java.io.InputStream in = service.getResourceAsStream(service.getSimpleName() + ".class")) {
            assertNotNull(annotationsOnly.transform(service.getClassLoader(), service.getName().replace('.', '/'),
                    null, null, in.readAllBytes()));
        }
        assertEquals(List.of(), faults);
    }
}
