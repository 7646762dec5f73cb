package dev.costagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the shipped jar decides, not the compiled classes: the shade plugin rewrites string constants that name a
 * relocated package, so a prefix written as a literal would match the agent's own copy of a library instead of the
 * program's. The transformer's name rules are asked in the jar's own classes.
 */
class ShadedJarIT {

    private static boolean ask(Class<?> transformer, String method, String internalName) throws Exception {
        Method m = transformer.getDeclaredMethod(method, String.class);
        m.setAccessible(true);
        return (boolean) m.invoke(null, internalName);
    }

    @Test
    void theTransformersNameRulesNameTheProgramsLibrariesNotTheAgentsCopies() throws Exception {
        try (URLClassLoader jar = new URLClassLoader(new URL[] {AgentProcess.AGENT_JAR.toUri().toURL()}, null)) {
            Class<?> transformer = Class.forName("dev.costagent.agent.instrument.CostTransformer", false, jar);
            for (String ignored : List.of("net/bytebuddy/ByteBuddy", "org/slf4j/LoggerFactory",
                    "dev/costagent/shaded/bytebuddy/jar/asm/ClassReader", "java/lang/String")) {
                assertEquals(true, ask(transformer, "ignored", ignored), ignored);
            }
            for (String library : List.of("com/fasterxml/jackson/databind/JsonNode",
                    "com/anthropic/models/messages/Message", "okhttp3/OkHttpClient")) {
                assertEquals(true, ask(transformer, "library", library), library);
            }
            for (String walked : List.of("com/acme/Pipeline", "com/fasterxml/Other", "dev/costagent/demo/IdeaGenerator")) {
                assertEquals(false, ask(transformer, "ignored", walked) || ask(transformer, "library", walked), walked);
            }
        }
    }
}
