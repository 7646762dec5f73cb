package dev.costagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4, point 7: the entry point never fails the program. It prints one WARN and returns when the JVM is too
 * old, gives no instrumentation, or cannot take the agent onto its bootstrap path.
 */
class AgentEntryTest {

    @Test
    void javaOlderThanSeventeenIsOneWarnAndNewerOrUnknownVersionsGoOn() {
        assertEquals("needs Java 17 or newer, this JVM is Java 1.8; the program runs without cost tracking",
                AgentEntry.unsupportedJava("1.8"));
        assertEquals("needs Java 17 or newer, this JVM is Java 11; the program runs without cost tracking",
                AgentEntry.unsupportedJava("11"));
        assertEquals("needs Java 17 or newer, this JVM is Java 16; the program runs without cost tracking",
                AgentEntry.unsupportedJava(" 16 "));
        assertNull(AgentEntry.unsupportedJava("17"));
        assertNull(AgentEntry.unsupportedJava("25"));
        assertNull(AgentEntry.unsupportedJava("99.1"), "a version this code cannot read is a newer one");
    }

    /** Where the check can run at all: the class compiles for Java 8, so an old JVM can load it and warn. */
    @Test
    void theEntryClassIsJavaEightSourceSoAnOldJvmCanLoadItAndWarn(@TempDir Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path source = Path.of("src", "main", "java", "dev", "costagent", "agent", "AgentEntry.java");
        StringWriter messages = new StringWriter();
        boolean ok = javac.getTask(messages, null, null, List.of("--release", "8", "-Xlint:-options", "-d",
                out.toString()), null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(source)).call();
        assertTrue(ok, messages.toString());
    }

    /** Every method of the instrumentation fails. */
    private static Instrumentation failingInstrumentation(AtomicInteger calls) {
        return (Instrumentation) Proxy.newProxyInstance(Instrumentation.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    calls.incrementAndGet();
                    throw new UnsupportedOperationException(method.getName() + " is not available here");
                });
    }

    private static String stderrOf(Runnable r) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noInstrumentationIsOneWarnAndTheProgramGoesOn() {
        String err = stderrOf(() -> AgentEntry.premain("budget=5", null));
        assertEquals("[cost-agent] WARN could not start: the JVM gave the agent no instrumentation; the program runs "
                + "without cost tracking\n", err);
    }

    /**
     * Here the entry class comes from a class folder, not a jar, on the system class path, as for a renamed agent
     * jar: it must add itself to the bootstrap path, which cannot be done, so it warns once and returns.
     */
    @Test
    void aBootstrapPathThatCannotBeExtendedIsOneWarnAndTheProgramGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        String err = stderrOf(() -> AgentEntry.agentmain("budget=5", failingInstrumentation(calls)));
        assertTrue(err.startsWith("[cost-agent] WARN could not start, the program runs without cost tracking: "), err);
        assertEquals(1, err.split("\n").length, "one line: " + err);
    }

    @Test
    void theEntryClassIsJava8BytecodeSoAnOldJvmCanLoadItAndWarn() throws Exception {
        try (java.io.InputStream in = AgentEntry.class.getResourceAsStream("AgentEntry.class")) {
            byte[] head = in.readNBytes(8);
            int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
            assertEquals(52, major, "class file major version of AgentEntry (52 = Java 8)");
        }
    }
}
