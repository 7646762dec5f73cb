package dev.costagent.agent.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.instrument.CostTransformer;
import dev.costagent.agent.instrument.SdkHooks;
import dev.costagent.agent.instrument.SiteRegistry;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.sdk.SdkModules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Work ahead for the readers: hooking an SDK method that returns a response class works out that class's reader on a background thread. */
class ReaderPrefetchTest {

    private static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
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
