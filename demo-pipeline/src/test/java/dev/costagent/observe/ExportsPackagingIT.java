package dev.costagent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the exports cost when off, and how they are packed: with every export off not one of their libraries' classes
 * (nor JMX, nor {@code java.util.logging}, nor the JDK's HTTP modules) loads, only the four small factories; with them
 * on they do (so the check can fail); the libraries are relocated; the transformer's name rules for the program's own
 * OpenTelemetry survived the relocation.
 */
class ExportsPackagingIT {

    /** Loaded only by a switched-on export. */
    private static final List<String> EXPORT_ONLY = List.of("dev.costagent.shaded.otel.", "dev.costagent.shaded.prometheus.",
            "javax.management.", "java.util.logging.", "com.sun.net.httpserver.", "java.net.http.",
            "dev.costagent.agent.jmx.CostAgentMBean", "dev.costagent.agent.export.otlp.OtlpExport ",
            "dev.costagent.agent.export.prometheus.client.", "dev.costagent.agent.export.otlp.sdk.",
            "dev.costagent.agent.export.spans.SpanCost ", "dev.costagent.agent.export.ExportClassLoader");

    @TempDir
    Path work;

    private List<String> loadedClasses(Path dir, String... options) throws Exception {
        Path log = dir.resolve("classes.txt");
        List<String> opts = new java.util.ArrayList<>(List.of("-Xlog:class+load=info:file=" + log));
        opts.addAll(List.of(options));
        try (ObservedJvm jvm = ObservedJvm.start(dir, List.of(), opts, ObservedProgram.class.getName(), "run", "2")) {
            assertEquals(0, jvm.exit(Duration.ofSeconds(90)), jvm.all());
        }
        return Files.readAllLines(log).stream().map(l -> l.substring(l.indexOf("] ", l.indexOf("[class,load]")) + 2))
                .toList();
    }

    private static List<String> exportOnly(List<String> loaded) {
        return loaded.stream().filter(l -> EXPORT_ONLY.stream().anyMatch(l::startsWith)).toList();
    }

    @Test
    void withEveryExportOffNoneOfTheirClassesLoad() throws Exception {
        List<String> off = loadedClasses(work.resolve("off"));
        assertEquals(List.of(), exportOnly(off));
        assertEquals(4, off.stream().filter(l -> l.startsWith("dev.costagent.agent.export.")
                || l.startsWith("dev.costagent.agent.jmx.")).count(), "the four factories only: " + off.stream()
                .filter(l -> l.startsWith("dev.costagent.agent.export.") || l.startsWith("dev.costagent.agent.jmx."))
                .toList());

        List<String> on = loadedClasses(work.resolve("on"), "-Dcostagent.otlp.endpoint=http://127.0.0.1:9",
                "-Dcostagent.prometheus.port=" + freePort(), "-Dcostagent.prometheus.host=127.0.0.1",
                "-Dcostagent.jmx=true");
        List<String> exportClasses = exportOnly(on);
        for (String expected : EXPORT_ONLY.subList(0, 6)) {
            assertTrue(exportClasses.stream().anyMatch(l -> l.startsWith(expected)), expected + " loads when on");
        }
        // Defined by the exports' loader (a defineClass), never the bootstrap one, which could not link them against
        // java.net.http: they are not on the bootstrap class path at all.
        assertEquals(List.of(), exportClasses.stream().filter(l -> l.startsWith("dev.costagent.shaded.")
                && !l.contains("__JVM_DefineClass__") && !l.contains("$$Lambda")).toList());
        for (String used : List.of("dev.costagent.shaded.otel.sdk.metrics.SdkMeterProvider",
                "dev.costagent.shaded.otel.exporter.sender.jdk.internal.JdkHttpSender",
                "dev.costagent.shaded.prometheus.metrics.exporter.httpserver.HTTPServer",
                "dev.costagent.agent.export.otlp.sdk.OtlpPipeline")) {
            assertTrue(on.contains(used + " source: __JVM_DefineClass__"), used + " defined by the exports' loader");
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theLibrariesAreRelocatedAndTheTransformersOpenTelemetryRulesNameTheProgramsClasses() throws Exception {
        try (JarFile jar = new JarFile(ObservedJvm.AGENT_JAR.toFile())) {
            List<String> unrelocated = jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("io/") || n.startsWith("com/google/protobuf/")).toList();
            assertEquals(List.of(), unrelocated);
            // The libraries' class files are nested in one entry: the jar the JVM indexes at every start keeps
            // its size when the exports are off.
            assertEquals(List.of(), jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")
                    && (n.startsWith("dev/costagent/shaded/otel/") || n.startsWith("dev/costagent/shaded/prometheus/")))
                    .toList());
            List<String> nested = new java.util.ArrayList<>();
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(jar.getInputStream(
                    jar.getEntry("META-INF/cost-agent/exports.jar")))) {
                for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    nested.add(e.getName());
                }
            }
            assertTrue(nested.contains("dev/costagent/shaded/otel/sdk/metrics/SdkMeterProvider.class"), "nested");
            assertTrue(nested.contains("dev/costagent/shaded/prometheus/metrics/exporter/httpserver/HTTPServer.class"));
            assertTrue(nested.stream().allMatch(n -> n.startsWith("dev/costagent/shaded/")), "only the libraries");
        }
        try (URLClassLoader jar = new URLClassLoader(new URL[] {ObservedJvm.AGENT_JAR.toUri().toURL()}, null)) {
            Class<?> transformer = Class.forName("dev.costagent.agent.instrument.CostTransformer", false, jar);
            assertEquals(true, ask(transformer, "ignored", "io/opentelemetry/javaagent/tooling/AgentInstaller"));
            assertEquals(true, ask(transformer, "ignored", "dev/costagent/shaded/otel/sdk/metrics/SdkMeterProvider"));
            assertEquals(true, ask(transformer, "library", "io/opentelemetry/api/trace/Span"));
            assertEquals(true, ask(transformer, "library", "io/opentelemetry/context/Context"));
        }
    }

    private static boolean ask(Class<?> transformer, String method, String internalName) throws Exception {
        Method m = transformer.getDeclaredMethod(method, String.class);
        m.setAccessible(true);
        return (boolean) m.invoke(null, internalName);
    }
}
