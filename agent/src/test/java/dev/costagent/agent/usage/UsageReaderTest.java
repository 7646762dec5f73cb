package dev.costagent.agent.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.anthropic.models.messages.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.responses.Response;
import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.fixtures.CollectingFaults;
import dev.costagent.fixtures.ResponseBodies;
import java.lang.ref.WeakReference;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;

class UsageReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenCounts ANTHROPIC_FIXTURE = new TokenCounts(12, 2048, 100, 200, 6);

    private final CollectingFaults faults = new CollectingFaults();
    private final UsageReader reader = new UsageReader(SdkModules.ALL, faults);

    @Test
    void nullHasNoUsage() {
        assertNull(reader.read(null));
        faults.assertNone();
    }

    @Test
    void objectsOfNoKnownShapeHaveNoUsage() {
        for (Object response : List.of("usage", 42, new Object(), List.of(Map.of("usage", Map.of())),
                CompletableFuture.completedFuture(Map.of("usage", Map.of("input_tokens", 1))), new JsonNode[0],
                new UsageReaderTest())) {
            assertNull(reader.read(response), response.getClass().getName());
            assertNull(reader.read(response), "second read of " + response.getClass().getName());
        }
        faults.assertNone();
    }

    @Test
    void aClassMerelyNamedJsonNodeIsNoKnownShape() throws Exception {
        Class<?> lookalike = new ByteBuddy().subclass(Object.class).name("org.example.json.JsonNode")
                .modifiers(Modifier.PUBLIC).make()
                .load(new ClassLoader(null) { }, ClassLoadingStrategy.Default.WRAPPER).getLoaded();

        assertNull(reader.read(lookalike.getConstructor().newInstance()));
        faults.assertNone();
    }

    @Test
    void aJsonNodeOfANonPublicClassIsReadThroughThePublicJsonNodeType() throws Exception {
        HiddenObjectNode root = new HiddenObjectNode();
        root.set("usage", JSON.readTree("{\"input_tokens\":4,\"output_tokens\":2}"));
        root.put("model", "m");

        assertEquals(new ResponseUsage("m", null, new TokenCounts(4, 0, 0, 0, 2)), reader.read(root));
        faults.assertNone();
    }

    @Test
    void aResponseWhoseAccessorThrowsIsReportedAsAFaultAndHasNoUsage() {
        ThrowingObjectNode root = new ThrowingObjectNode();

        assertNull(reader.read(root));
        assertEquals(List.of("usage.jsonnode"), faults.sites);
        assertEquals(IllegalStateException.class, faults.faults.get(0).getClass());
    }

    @Test
    void aMapWhoseLookupThrowsIsReportedAsAFaultAndHasNoUsage() {
        Map<String, Object> broken = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                throw new UnsupportedOperationException("closed");
            }
        };

        assertNull(reader.read(broken));
        assertEquals(List.of("usage.map"), faults.sites);
    }

    @Test
    void aSinkThatThrowsDoesNotMakeTheReaderThrow() {
        UsageReader withBrokenSink = new UsageReader(SdkModules.ALL, (site, fault) -> {
            throw new IllegalStateException("sink down");
        });

        assertNull(withBrokenSink.read(new ThrowingObjectNode()));
    }

    @Test
    void aKnownClassNameWithoutItsAccessorsIsReportedOnceAndCachedAsUnknown() throws Exception {
        // A class named like the SDK's Message but with none of its methods, as a mismatched SDK version might be.
        Class<?> impostor = new ByteBuddy().subclass(Object.class).name(Message.class.getName()).make()
                .load(new ClassLoader(null) { }, ClassLoadingStrategy.Default.WRAPPER).getLoaded();
        Object message = impostor.getConstructor().newInstance();

        assertNull(reader.read(message));
        assertNull(reader.read(message));
        assertEquals(List.of("usage.resolve:" + Message.class.getName()), faults.sites);
    }

    @Test
    void anthropicSdkLoadedByAnotherClassLoaderIsReadThroughThatLoadersTypes() throws Exception {
        try (URLClassLoader sdk = childFirst(Message.class, "com.anthropic.")) {
            Class<?> messageType = Class.forName(Message.class.getName(), false, sdk);
            assertNotSame(Message.class, messageType);
            Object message = sdkMapper(sdk, "com.anthropic.core.ObjectMappers")
                    .readValue(ResponseBodies.text("anthropic-message.json"), messageType);

            assertEquals(new ResponseUsage("claude-sonnet-4-5-20250929", "anthropic", ANTHROPIC_FIXTURE),
                    reader.read(message));
        }
        // The same reader still reads the application loader's Message: plans are per class, not per name.
        assertEquals(ANTHROPIC_FIXTURE,
                reader.read(ResponseBodies.anthropic(ResponseBodies.text("anthropic-message.json"), Message.class)).tokens());
        faults.assertNone();
    }

    @Test
    void openAiSdkLoadedByAnotherClassLoaderIsReadThroughThatLoadersTypes() throws Exception {
        try (URLClassLoader sdk = childFirst(Response.class, "com.openai.")) {
            Class<?> responseType = Class.forName(Response.class.getName(), false, sdk);
            assertNotSame(Response.class, responseType);
            String json = ResponseBodies.edited("openai-response.json", root -> root.put("model", "o1-pro"));
            Object response = sdkMapper(sdk, "com.openai.core.ObjectMappers").readValue(json, responseType);

            assertEquals(new ResponseUsage("o1-pro", "openai", new TokenCounts(524, 1024, 512, 0, 150)),
                    reader.read(response));
        }
        faults.assertNone();
    }

    @Test
    void concurrentFirstReadsOfAClassAllSucceed() {
        String json = ResponseBodies.text("anthropic-message.json");
        List<Message> messages = IntStream.range(0, 64)
                .mapToObj(i -> ResponseBodies.anthropic(json, Message.class)).toList();
        UsageReader fresh = new UsageReader(SdkModules.ALL, faults);

        List<ResponseUsage> usages = messages.parallelStream().map(fresh::read).toList();

        usages.forEach(usage -> assertEquals(ANTHROPIC_FIXTURE, usage.tokens()));
        faults.assertNone();
    }

    @Test
    void theReaderKeepsNoResponseClassOrItsLoaderAlive() throws Exception {
        WeakReference<ClassLoader> loader = readOnceFromAThrowawayLoader();

        for (int i = 0; i < 100 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(loader.get(), "the loader of the last class read is still reachable");
        // The reader still works for a class read before, from its cache or anew.
        assertEquals(ANTHROPIC_FIXTURE,
                reader.read(ResponseBodies.anthropic(ResponseBodies.text("anthropic-message.json"), Message.class)).tokens());
        faults.assertNone();
    }

    /** A map class of its own loader, read (so it is the reader's last class), then dropped. */
    @SuppressWarnings("unchecked")
    private WeakReference<ClassLoader> readOnceFromAThrowawayLoader() throws Exception {
        Class<?> type = new ByteBuddy().subclass(HashMap.class).name("org.example.throwaway.Body").make()
                .load(new ClassLoader(null) { }, ClassLoadingStrategy.Default.WRAPPER).getLoaded();
        Map<String, Object> body = (Map<String, Object>) type.getConstructor().newInstance();
        body.put("model", "claude-sonnet-4-5");
        body.put("usage", Map.of("input_tokens", 3, "output_tokens", 4));

        assertEquals(new TokenCounts(3, 0, 0, 0, 4), reader.read(body).tokens());
        return new WeakReference<>(type.getClassLoader());
    }

    @Test
    void aReaderNeedsASink() {
        assertThrows(NullPointerException.class, () -> new UsageReader(SdkModules.ALL, null));
    }

    /** Loads the SDK classes under {@code prefix} from the jar holding {@code sdkClass}, everything else from us. */
    private static URLClassLoader childFirst(Class<?> sdkClass, String prefix) {
        URL jar = sdkClass.getProtectionDomain().getCodeSource().getLocation();
        return new ChildFirstLoader(new URL[] {jar}, UsageReaderTest.class.getClassLoader(), prefix);
    }

    private static ObjectMapper sdkMapper(ClassLoader sdk, String mappersClass) throws Exception {
        return (ObjectMapper) Class.forName(mappersClass, true, sdk).getMethod("jsonMapper").invoke(null);
    }

    private static final class ChildFirstLoader extends URLClassLoader {

        private final String prefix;

        ChildFirstLoader(URL[] urls, ClassLoader parent, String prefix) {
            super(urls, parent);
            this.prefix = prefix;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(prefix)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    type = findClass(name);
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }
    }

    /** Package-private: its own methods cannot be called from outside this package through a public lookup. */
    static final class HiddenObjectNode extends ObjectNode {
        HiddenObjectNode() {
            super(JsonNodeFactory.instance);
        }
    }

    static final class ThrowingObjectNode extends ObjectNode {
        ThrowingObjectNode() {
            super(JsonNodeFactory.instance);
        }

        @Override
        public JsonNode get(String propertyName) {
            throw new IllegalStateException("node closed");
        }
    }
}
