package dev.costagent.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JDKs the end-to-end tests run on: the one running the build (17 in CI) and the newest on the machine. The
 * newest is required, not optional: a missing one fails the tests rather than skipping them. Override its path
 * with {@code -Dcostagent.e2e.newestJdk=/path/to/jdk}.
 */
final class Jdks {

    static final String NEWEST = System.getProperty("costagent.e2e.newestJdk", "/usr/lib/jvm/temurin-25-jdk-amd64");

    private Jdks() {
    }

    static List<String> all() {
        if (!Files.isExecutable(Path.of(NEWEST, "bin", "java"))) {
            throw new IllegalStateException("the newest JDK is not at " + NEWEST
                    + "; install it there or point -Dcostagent.e2e.newestJdk at one");
        }
        return List.of(System.getProperty("java.home"), NEWEST);
    }

    /** Options the JDK needs for what the test does: JDK 21+ warns about agents loaded into a running JVM. */
    static List<String> attachOptions(String javaHome) throws Exception {
        Process p = new ProcessBuilder(Path.of(javaHome, "bin", "java").toString(), "-XX:+EnableDynamicAgentLoading",
                "-version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0 ? List.of("-XX:+EnableDynamicAgentLoading") : List.of();
    }
}
