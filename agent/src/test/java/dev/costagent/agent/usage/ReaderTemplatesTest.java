package dev.costagent.agent.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The reader templates' class files are kept as they load, so copying a template reads nothing from the agent jar;
 * anything but a template, from anywhere but the agent's own loader, is ignored.
 */
class ReaderTemplatesTest {

    private static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theNamesAreTheTemplatesTheStainlessReadersAreCopiedFrom() throws Exception {
        Set<String> copied = new TreeSet<>();
        for (Class<?> response : List.of(Message.class, ChatCompletion.class, Response.class,
                CreateEmbeddingResponse.class)) {
            Class<?> copy = StainlessReader.forClass(response).getClass();
            assertTrue(copy.isHidden(), copy.getName());
            // A hidden class is named after its class file: the template's name, then "/0x...".
            copied.add(copy.getName().substring(0, copy.getName().indexOf('/')).replace('.', '/'));
        }
        assertEquals(new TreeSet<>(ReaderTemplates.NAMES), copied);
    }

    @Test
    void keepsACopyOfTheFirstClassFileOfATemplateFromTheAgentsLoaderOnly() throws Throwable {
        ReaderTemplates templates = new ReaderTemplates();
        String name = "dev/costagent/agent/usage/OpenAiResponseReader";
        byte[] real = classFile(OpenAiResponseReader.class);
        byte[] garbage = {1, 2, 3};
        try (URLClassLoader other = new URLClassLoader(new URL[0], null)) {
            templates.offer(other, name, garbage);
        }
        templates.offer(ReaderTemplates.class.getClassLoader(), "dev/costagent/agent/usage/UsageReader", garbage);
        templates.offer(ReaderTemplates.class.getClassLoader(), "com/acme/OpenAiResponseReader", garbage);
        byte[] before = ReaderTemplates.captured(OpenAiResponseReader.class);
        // Another test may already have loaded the template through an installed transformer: the same bytes.
        assertTrue(before == null || Arrays.equals(real, before), "never anything but the template's file");

        byte[] offered = real.clone();
        templates.offer(ReaderTemplates.class.getClassLoader(), name, offered);
        templates.offer(ReaderTemplates.class.getClassLoader(), name, garbage);
        byte[] kept = ReaderTemplates.captured(OpenAiResponseReader.class);
        assertArrayEquals(real, kept, "the first offer of the template is kept");
        assertNotSame(offered, kept, "a copy: the JVM's buffer is shared by every transformer");
        offered[10] ^= 1;
        assertArrayEquals(real, ReaderTemplates.captured(OpenAiResponseReader.class));
        assertNull(ReaderTemplates.captured(UsageReader.class), "not a template");

        // And the copy made from the kept file reads a response.
        ShapeReader reader = StainlessReader.forClass(Response.class);
        assertEquals(new TokenCounts(524, 1024, 512, 0, 150),
                reader.read(Fixtures.openAi(Fixtures.text("openai-response.json"), Response.class)).tokens());
    }

    @Test
    void theTransformerOffersTheAgentsOwnClassesAndLeavesThemUnchanged() throws Exception {
        List<String> faults = new ArrayList<>();
        CostTransformer transformer = new CostTransformer(new SiteRegistry(), List.of(), List.of(), SdkHooks.of(true),
                (where, t) -> faults.add(where + ": " + t), new ReaderTemplates());
        byte[] real = classFile(OpenAiEmbeddingReader.class);
        assertNull(transformer.transform(ReaderTemplates.class.getClassLoader(),
                "dev/costagent/agent/usage/OpenAiEmbeddingReader", null, null, real.clone()));
        assertArrayEquals(real, ReaderTemplates.captured(OpenAiEmbeddingReader.class));
        assertFalse(faults.iterator().hasNext(), faults.toString());
    }
}
