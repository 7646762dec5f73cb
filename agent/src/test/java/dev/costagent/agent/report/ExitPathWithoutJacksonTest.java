package dev.costagent.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.value.Totals;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * What the agent does at exit (the report rendered, the log written, and a second run's entry added to a log in the
 * usual form) asks for no Jackson class at all: it runs in a class loader of its own that records every class the
 * JVM asks it for (a class named in a catch clause or a field is asked for when the verifier checks the class).
 */
class ExitPathWithoutJacksonTest {

    @TempDir
    Path dir;

    /** Records the name of every class it is asked to load; loads the agent's and these tests' classes itself. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> asked = ConcurrentHashMap.newKeySet();

        RecordingLoader() {
            super(new URL[] {codeSource(LogDocument.class), codeSource(ExitPathWithoutJacksonTest.class),
                codeSource(JsonFactory.class), codeSource(Logger.class)}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }

        Set<String> jacksonClasses() {
            Set<String> jackson = new TreeSet<>();
            for (String name : asked) {
                if (name.startsWith("com.fasterxml.jackson.")) {
                    jackson.add(name);
                }
            }
            return jackson;
        }
    }

    private static URL codeSource(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Runs in the recording loader: what the shutdown hook does with the two files, for two runs. */
    static void exit(Path dir, String oldLog) throws Exception {
        Path log = dir.resolve("cost_log.json");
        if (oldLog != null) {
            Files.writeString(log, oldLog);
        }
        for (String id : List.of("r1", "r2")) {
            Totals t = new Totals(2, 100, 50, 10, 0, 123_450_000L);
            // A workflow name needing an escape would become a name in "cumulative", outside LogScanner's subset.
            RunSnapshot s = new RunSnapshot(id, "Pipeline é", Instant.parse("2026-11-22T08:00:00Z"),
                    Instant.parse("2026-11-22T08:00:01Z"), "completed", new BigDecimal("5"), t, Map.of("ideas", t),
                    Map.of("claude-sonnet-4-5", t), Map.of("anthropic", t), Map.of("Op.call", t), Map.of(), 0,
                    List.of("a \"quoted\" warning\n"));
            Files.write(dir.resolve("cost_report.json"), ReportJson.render(s));
            new CostLogStore(log, AgentLog.get(ExitPathWithoutJacksonTest.class)).write(s);
        }
    }

    private static Set<String> jacksonClassesAsked(Path dir, String oldLog) throws Exception {
        try (RecordingLoader loader = new RecordingLoader()) {
            Class<?> test = Class.forName(ExitPathWithoutJacksonTest.class.getName(), true, loader);
            assertEquals(loader, test.getClassLoader());
            Method exit = test.getDeclaredMethod("exit", Path.class, String.class);
            exit.setAccessible(true);
            exit.invoke(null, dir, oldLog);
            assertTrue(loader.asked.contains(JsonText.class.getName()), "the recording works");
            return loader.jacksonClasses();
        }
    }

    @Test
    void theReportAndTheLogAreWrittenWithoutLoadingJackson() throws Exception {
        assertEquals(Set.of(), jacksonClassesAsked(dir, null));
        String log = Files.readString(dir.resolve("cost_log.json"));
        assertTrue(log.contains("\"r1\"") && log.contains("\"r2\""), log);
        // A log in the usual form, read and written again by a later run.
        Files.delete(dir.resolve("cost_log.json.lock"));
        assertEquals(Set.of(), jacksonClassesAsked(dir, log));
    }

    @Test
    void aLogOutsideTheScannersSubsetDoesLoadJackson() throws Exception {
        assertTrue(jacksonClassesAsked(dir, "{\"runs\" : [ ], \"x\\u0041\" : 1}")
                .contains(JsonFactory.class.getName()));
    }
}
