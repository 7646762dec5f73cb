package dev.costagent.e2e;

import static dev.costagent.e2e.AgentEndToEndIT.assertUsd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The agent in class-loader layouts other than the flat class path: a Spring Boot executable jar (the program and
 * its SDKs as nested jars, loaded by Spring Boot's own launcher) and an isolated class loader whose parent is the
 * platform loader. In both, calls are priced exactly and the budget exception reaches the program's own catch.
 */
class ClassLoadersIT extends LoopbackTest {

    private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt").toAbsolutePath();
    private static final Path TEST_CLASSES = Path.of("target", "test-classes").toAbsolutePath();

    private AgentProcess.Result runFatJar(Path jar, String budget) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + AgentProcess.AGENT_JAR, "-Dbudget=" + budget, "-jar", jar.toString(),
                server.baseUrl(), server.openAiBaseUrl());
        Process p = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile()).start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        return new AgentProcess.Result(p.exitValue(), Files.readString(work.resolve("out.txt")),
                Files.readString(work.resolve("err.txt")));
    }

    @Test
    void aSpringBootExecutableJarWithNestedJarsIsPricedAndStoppedByTheBudget() throws Exception {
        Path jar = springBootJar(work.resolve("pipeline-boot.jar"));
        serveSdkPipelineRun();
        AgentProcess.Result r = runFatJar(jar, "5");
        assertEquals(0, r.exit(), r.all());
        JsonNode report = JSON.readTree(work.resolve("data/cost_report.json").toFile());
        assertUsd(AgentEndToEndIT.TOTAL, report.get("total_cost_usd"), "total\n" + r.all());
        assertUsd(AgentEndToEndIT.DRAFT, report.at("/stages/draft/cost_usd"), "draft");
        assertEquals("SdkPipelineProgram", report.get("workflow").asText(), "the Start-Class names the workflow");

        serveSdkPipelineRun();
        AgentProcess.Result stopped = runFatJar(jar, "0.002");
        assertEquals(3, stopped.exit(), stopped.all());
        assertTrue(stopped.stdout().contains("BUDGET stage=draft"), stopped.all());
        assertTrue(stopped.stdout().contains("REFUSED review"), stopped.all());
    }

    @Test
    void anIsolatedClassLoaderIsPricedAndStoppedByTheBudget() throws Exception {
        serveSdkPipelineRun();
        AgentProcess.Result r = AgentProcess.run(System.getProperty("java.home"), work, List.of("-Dbudget=5"),
                AgentProcess.classPath(e -> true), IsolatedLauncher.class.getName(), RUNTIME_CLASSPATH.toString(),
                TEST_CLASSES.toString(), server.baseUrl(), server.openAiBaseUrl());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.stdout().contains("ISOLATED isolated"), r.all());
        JsonNode report = JSON.readTree(work.resolve("data/cost_report.json").toFile());
        assertUsd(AgentEndToEndIT.TOTAL, report.get("total_cost_usd"), "total\n" + r.all());

        serveSdkPipelineRun();
        AgentProcess.Result stopped = AgentProcess.run(System.getProperty("java.home"), work, List.of("-Dbudget=0.002"),
                AgentProcess.classPath(e -> true), IsolatedLauncher.class.getName(), RUNTIME_CLASSPATH.toString(),
                TEST_CLASSES.toString(), server.baseUrl(), server.openAiBaseUrl());
        assertEquals(3, stopped.exit(), stopped.all());
        assertTrue(stopped.stdout().contains("BUDGET stage=draft spent=0.0022308"), stopped.all());
        assertTrue(stopped.stdout().contains("REFUSED review"), stopped.all());
    }

    /**
     * An executable jar in Spring Boot's layout: Spring Boot's launcher at the root, the program under
     * {@code BOOT-INF/classes}, every runtime dependency as a stored (uncompressed) jar under {@code BOOT-INF/lib}.
     */
    private static Path springBootJar(Path target) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        a.putValue("Start-Class", SdkPipelineProgram.class.getName());
        a.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        a.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), m)) {
            try (JarFile loader = new JarFile(classPathEntry("spring-boot-loader"))) {
                for (Enumeration<JarEntry> e = loader.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().startsWith("org/") && !entry.isDirectory()) {
                        out.putNextEntry(new JarEntry(entry.getName()));
                        try (InputStream in = loader.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                    }
                }
            }
            // Spring Boot's launcher finds the nested folders through their directory entries.
            for (String dir : List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/classes/dev/",
                    "BOOT-INF/classes/dev/costagent/", "BOOT-INF/classes/dev/costagent/e2e/", "BOOT-INF/lib/")) {
                out.putNextEntry(new JarEntry(dir));
            }
            Path programDir = TEST_CLASSES.resolve("dev/costagent/e2e");
            try (Stream<Path> files = Files.list(programDir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith("SdkPipelineProgram")).toList()) {
                    out.putNextEntry(new JarEntry("BOOT-INF/classes/dev/costagent/e2e/" + f.getFileName()));
                    Files.copy(f, out);
                }
            }
            for (String entry : Files.readString(RUNTIME_CLASSPATH).trim().split(File.pathSeparator)) {
                Path p = Path.of(entry);
                byte[] bytes = Files.isDirectory(p) ? jarOf(p) : Files.readAllBytes(p);
                String name = Files.isDirectory(p) ? p.getParent().getParent().getFileName() + ".jar" : p.getFileName().toString();
                ZipEntry nested = new ZipEntry("BOOT-INF/lib/" + name);
                nested.setMethod(ZipEntry.STORED);
                nested.setSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                nested.setCrc(crc.getValue());
                out.putNextEntry(nested);
                out.write(bytes);
            }
        }
        return target;
    }

    /** A reactor module's classes folder, as a jar. */
    private static byte[] jarOf(Path classes) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
            }
        }
        return bytes.toByteArray();
    }

    private static String classPathEntry(String contains) {
        for (String e : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)) {
            if (e.contains(contains)) {
                return e;
            }
        }
        throw new IllegalStateException(contains + " is not on the test class path");
    }

}
