package dev.costagent.agent.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.messages.Message;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.responses.Response;
import dev.costagent.agent.instrument.CostTransformer;
import dev.costagent.agent.instrument.SdkHooks;
import dev.costagent.agent.instrument.SiteRegistry;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.sdk.SdkModule;
import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.fixtures.ResponseBodies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Work ahead for the readers: the templates' class files are kept as they load, so copying a template reads nothing
 * from the agent jar (anything but a template, from anywhere but the agent's own loader, is ignored); and hooking an
 * SDK method that returns a response class works out that class's reader on a background thread.
 */
class ReaderPrefetchTest {

    private static final String RESPONSE_TEMPLATE = "dev/costagent/agent/sdk/openai/OpenAiResponseReader";
    private static final String EMBEDDING_TEMPLATE = "dev/costagent/agent/sdk/openai/OpenAiEmbeddingReader";

    private static Class<?> template(String internalName) throws ClassNotFoundException {
        return Class.forName(internalName.replace('/', '.'));
    }

    /** The reader the SDK modules give for a response class. */
    private static ShapeReader moduleReader(Class<?> response) throws ReflectiveOperationException {
        for (SdkModule m : SdkModules.ALL) {
            ShapeReader r = m.reader(response);
            if (r != null) {
                return r;
            }
        }
        throw new AssertionError("no module reads " + response.getName());
    }

    private static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theNamesAreTheTemplatesTheModulesReadersAreCopiedFrom() throws Exception {
        Set<String> copied = new TreeSet<>();
        for (Class<?> response : List.of(Message.class, ChatCompletion.class, Response.class,
                CreateEmbeddingResponse.class)) {
            Class<?> copy = moduleReader(response).getClass();
            assertTrue(copy.isHidden(), copy.getName());
            // A hidden class is named after its class file: the template's name, then "/0x...".
            copied.add(copy.getName().substring(0, copy.getName().indexOf('/')).replace('.', '/'));
        }
        assertEquals(new TreeSet<>(ReaderPrefetch.NAMES), copied);
    }

    @Test
    void keepsACopyOfTheFirstClassFileOfATemplateFromTheAgentsLoaderOnly() throws Throwable {
        ReaderPrefetch templates = new ReaderPrefetch(null, null);
        String name = RESPONSE_TEMPLATE;
        Class<?> template = template(RESPONSE_TEMPLATE);
        byte[] real = classFile(template);
        byte[] garbage = {1, 2, 3};
        try (URLClassLoader other = new URLClassLoader(new URL[0], null)) {
            templates.offer(other, name, garbage);
        }
        templates.offer(ReaderPrefetch.class.getClassLoader(), "dev/costagent/agent/sdk/SdkModules", garbage);
        templates.offer(ReaderPrefetch.class.getClassLoader(), "dev/costagent/agent/usage/UsageReader", garbage);
        templates.offer(ReaderPrefetch.class.getClassLoader(), "com/acme/OpenAiResponseReader", garbage);
        byte[] before = ReaderPrefetch.captured(template);
        // Another test may already have loaded the template through an installed transformer: the same bytes.
        assertTrue(before == null || Arrays.equals(real, before), "never anything but the template's file");

        byte[] offered = real.clone();
        templates.offer(ReaderPrefetch.class.getClassLoader(), name, offered);
        templates.offer(ReaderPrefetch.class.getClassLoader(), name, garbage);
        byte[] kept = ReaderPrefetch.captured(template);
        assertArrayEquals(real, kept, "the first offer of the template is kept");
        assertNotSame(offered, kept, "a copy: the JVM's buffer is shared by every transformer");
        offered[10] ^= 1;
        assertArrayEquals(real, ReaderPrefetch.captured(template));
        assertNull(ReaderPrefetch.captured(UsageReader.class), "not a template");

        // And the copy made from the kept file reads a response.
        ShapeReader reader = moduleReader(Response.class);
        assertEquals(new TokenCounts(524, 1024, 512, 0, 150),
                reader.read(ResponseBodies.openAi(ResponseBodies.text("openai-response.json"), Response.class)).tokens());
    }

    @Test
    void theTransformerOffersTheAgentsOwnClassesAndLeavesThemUnchanged() throws Exception {
        List<String> faults = new ArrayList<>();
        CostTransformer transformer = new CostTransformer(new SiteRegistry(), List.of(), List.of(), SdkHooks.of(true),
                (where, t) -> faults.add(where + ": " + t), new ReaderPrefetch(null, null));
        Class<?> template = template(EMBEDDING_TEMPLATE);
        byte[] real = classFile(template);
        assertNull(transformer.transform(ReaderPrefetch.class.getClassLoader(), EMBEDDING_TEMPLATE, null, null,
                real.clone()));
        assertArrayEquals(real, ReaderPrefetch.captured(template));
        assertFalse(faults.iterator().hasNext(), faults.toString());
    }

    @Test
    void hookingAnSdkMethodPreparesTheReaderOfTheClassItReturnsInTheBackground() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AgentLog.stream(new PrintStream(log, true, StandardCharsets.UTF_8));
        AgentLog.level("debug");
        try {
            List<String> faults = new ArrayList<>();
            ReaderPrefetch prefetch = new ReaderPrefetch(new UsageReader(SdkModules.ALL, (site, t) -> faults.add(site + ": " + t)),
                    AgentLog.get(ReaderPrefetch.class));
            CostTransformer transformer = new CostTransformer(new SiteRegistry(), List.of(), List.of(),
                    SdkHooks.of(true), (where, t) -> faults.add(where + ": " + t), prefetch);
            Class<?> service = com.anthropic.services.blocking.MessageServiceImpl.class;
            assertNotNull(transformer.transform(service.getClassLoader(), service.getName().replace('.', '/'), null,
                    null, classFile(service)), "the service is hooked");
            String expected = "reader for com.anthropic.models.messages.Message worked out ahead of its first "
                    + "response: usage.anthropic";
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!log.toString(StandardCharsets.UTF_8).contains(expected) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(log.toString(StandardCharsets.UTF_8).contains(expected), log.toString(StandardCharsets.UTF_8));
            assertEquals(List.of(), faults);

            // A JDK class (an async method's CompletableFuture), or a class asked for already, starts nothing.
            assertNull(prefetch.responseType(service.getClassLoader(), "java.util.concurrent.CompletableFuture"));
            assertNull(new ReaderPrefetch(null, null).responseType(service.getClassLoader(),
                    "com.anthropic.models.messages.Message"));
            assertNull(prefetch.responseType(service.getClassLoader(), "com.anthropic.models.messages.Message"),
                    "asked for once per class loader");
            Thread unknown = prefetch.responseType(service.getClassLoader(), "com.acme.NoSuchResponse");
            unknown.join(20_000);
            assertFalse(unknown.isAlive());
            assertEquals(List.of(), faults, "a class that cannot be loaded is only a lost head start");
        } finally {
            AgentLog.level("info");
            AgentLog.stream(null);
        }
    }
}
