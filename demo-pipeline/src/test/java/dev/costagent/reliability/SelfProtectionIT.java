package dev.costagent.reliability;

import static dev.costagent.reliability.RunFiles.CALL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4, point 7, in a real JVM: loading the agent twice is harmless, and an environment that cannot give the
 * agent what it needs (no retransformation; an attach with a bad configuration) costs one line and never the
 * program. What is not tested here, and why: a JVM older than 17 (none on the build machine; the entry class is
 * checked to compile as Java 8 source by {@code AgentEntryTest}).
 */
class SelfProtectionIT {

    private static final BigDecimal TWO_CALLS = CALL.multiply(BigDecimal.valueOf(2));

    @TempDir
    Path work;

    @Test
    void theAgentGivenTwiceRunsOnceAndCountsEveryCallOnce() throws Exception {
        String jar = "-javaagent:" + ChildJvm.AGENT_JAR;
        try (ChildJvm child = ChildJvm.in(work).agents(jar, jar + "=budget=5").start("run", "2")) {
            assertEquals(0, child.exit(), child.all());
            assertEquals(List.of("[cost-agent] WARN already running in this JVM; the second load (arguments 'budget=5') "
                    + "is ignored"), child.agentLines("WARN"));
            assertEquals(1, child.agentLines("tracking LLM costs").size(), child.all());
            RunFiles.assertWrittenOnce(child, work.resolve("data"), "completed", TWO_CALLS);
        }
    }

    @Test
    void attachingToAJvmThatAlreadyRunsTheAgentIsIgnoredWithOneWarn() throws Exception {
        try (ChildJvm child = ChildJvm.in(work).options("-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading").start("wait-then-return", "2")) {
            child.awaitReady();
            assertEquals(0, attach(child.pid(), "budget=1"));
            child.proceed();
            assertEquals(0, child.exit(), child.all());
            assertEquals(List.of("[cost-agent] WARN already running in this JVM; the second load (arguments 'budget=1') "
                    + "is ignored"), child.agentLines("WARN"));
            RunFiles.assertWrittenOnce(child, work.resolve("data"), "completed", TWO_CALLS);
        }
    }

    @Test
    void aBadConfigurationAttachedToARunningProgramIsOneLineAndTheProgramGoesOn() throws Exception {
        try (ChildJvm child = ChildJvm.in(work).agents().options("-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:+EnableDynamicAgentLoading").start("wait-then-return", "2")) {
            child.awaitReady();
            attach(child.pid(), "budget=abc");
            child.proceed();
            assertEquals(0, child.exit(), "the program was not stopped:\n" + child.all());
            assertTrue(child.stdout().contains("MAIN RETURNS"), child.all());
            assertTrue(child.stderr().contains("cost-agent: invalid configuration: budget='abc' (from agent argument "
                    + "budget): expected a non-negative number of US dollars, e.g. 5 or 0.50\n"), child.all());
            assertFalse(child.stderr().contains("\tat "), "no stack trace:\n" + child.all());
        }
    }

    @Test
    void aJvmThatCannotRetransformClassesStillRunsTheProgram() throws Exception {
        Path jar = copyOfTheAgentJar(work.resolve("no-retransform"), "false");
        try (ChildJvm child = ChildJvm.in(work).agents("-javaagent:" + jar).start("run", "2")) {
            assertEquals(0, child.exit(), child.all());
            assertTrue(child.stdout().contains("MAIN RETURNS"), child.all());
            assertFalse(child.stderr().contains("\tat "), "no stack trace:\n" + child.all());
            List<String> warns = child.agentLines("WARN");
            if (Files.exists(work.resolve("data/cost_report.json"))) {
                // Tracking does not need retransformation when the agent starts before main.
                RunFiles.assertWrittenOnce(child, work.resolve("data"), "completed", TWO_CALLS);
                assertEquals(List.of(), warns, child.all());
            } else {
                assertEquals(1, warns.size(), child.all());
                assertTrue(warns.get(0).contains("the program runs without cost tracking"), warns.get(0));
            }
        }
    }

    /** {@code java -jar cost-agent.jar attach <pid> <args>}; its exit status. */
    private int attach(long pid, String args) throws IOException, InterruptedException {
        Process attach = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ChildJvm.AGENT_JAR.toString(), "attach", Long.toString(pid), args).redirectErrorStream(true).start();
        attach.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertTrue(attach.waitFor(60, TimeUnit.SECONDS));
        return attach.exitValue();
    }

    /** The agent jar, named as it must be (cost-agent.jar) in its own folder, with Can-Retransform-Classes changed. */
    private static Path copyOfTheAgentJar(Path dir, String canRetransform) throws IOException {
        Files.createDirectories(dir);
        Path copy = dir.resolve("cost-agent.jar");
        try (JarFile in = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Can-Retransform-Classes"), canRetransform);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy), manifest)) {
                for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().equals(JarFile.MANIFEST_NAME) || e.getName().equals("META-INF/")) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream body = in.getInputStream(e)) {
                        body.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return copy;
    }
}
