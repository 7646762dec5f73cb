package dev.costagent.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Starts a program in a separate JVM under {@code -javaagent:agent/target/cost-agent.jar} and waits for it. */
final class AgentProcess {

    /** What the process did. */
    record Result(int exit, String stdout, String stderr) {
        String all() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    static final Path AGENT_JAR = Path.of("..", "agent", "target", "cost-agent.jar").toAbsolutePath().normalize();

    private AgentProcess() {
    }

    /** The test class path without the agent module: the child gets the agent through -javaagent only. */
    static String classPath(Predicate<String> keep) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !e.isBlank())
                .filter(e -> !e.replace('\\', '/').contains("/agent/target/"))
                .filter(keep)
                .collect(Collectors.joining(File.pathSeparator));
    }

    static Result run(String javaHome, Path workDir, List<String> jvmArgs, String classPath, String mainClass,
                      String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(javaHome, "bin", "java").toString());
        cmd.add("-javaagent:" + AGENT_JAR);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
