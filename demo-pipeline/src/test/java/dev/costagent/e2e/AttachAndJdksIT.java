package dev.costagent.e2e;

import static dev.costagent.e2e.AgentEndToEndIT.assertUsd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attaching to a running JVM ({@code java -jar cost-agent.jar attach <pid>}), and the main end-to-end cases on
 * every JDK of {@link Jdks}: the build's JDK 17 and the newest on the machine.
 */
class AttachAndJdksIT extends LoopbackTest {

    private static final BigDecimal SONNET = new BigDecimal("0.0011154");

    static List<String> jdks() {
        return Jdks.all();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void attachingToARunningJvmPricesTheCallsMadeAfterIt(String javaHome) throws Exception {
        for (int i = 0; i < 3; i++) {
            server.overrideNextResponse("/v1/messages", SdkHooksIT.fixture("anthropic_message.json"));
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString()));
        cmd.addAll(Jdks.attachOptions(javaHome));
        cmd.addAll(List.of("-cp", AgentProcess.classPath(e -> true), AttachTargetProgram.class.getName(),
                server.baseUrl()));
        Process target = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectError(work.resolve("target-stderr.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith("READY "), "target said: " + ready);
            String pid = ready.substring("READY ".length());

            Process attach = new ProcessBuilder(Path.of(javaHome, "bin", "java").toString(), "-jar",
                    AgentProcess.AGENT_JAR.toString(), "attach", pid, "budget=5,out=" + work.resolve("runs"))
                    .redirectErrorStream(true).start();
            String attachOut = new String(attach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(attach.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, attach.exitValue(), attachOut);
            assertTrue(attachOut.contains("attached to " + pid), attachOut);

            try (OutputStream in = target.getOutputStream()) {
                in.write('\n');
            }
            assertEquals("DONE", out.readLine());
            assertTrue(target.waitFor(60, TimeUnit.SECONDS));
            String stderr = Files.readString(work.resolve("target-stderr.txt"));
            assertEquals(0, target.exitValue(), stderr);

            assertTrue(Files.exists(work.resolve("runs/cost_report.json")), "no report; target stderr:\n" + stderr);
            JsonNode report = JSON.readTree(work.resolve("runs/cost_report.json").toFile());
            assertUsd(SONNET.multiply(BigDecimal.valueOf(2)), report.get("total_cost_usd"), "two calls after attaching\n" + stderr);
            assertUsd(SONNET.multiply(BigDecimal.valueOf(2)), report.at("/stages/after/cost_usd"), "stage after");
            assertTrue(report.at("/stages/before").isMissingNode(), "nothing before the attach");
            assertEquals(1, report.at("/operations/Attach.call/calls").asInt(), report.toString());
            assertEquals(1, report.at("/operations/anthropic.messages.create/calls").asInt(), report.toString());
            assertUsd(new BigDecimal("5"), report.get("budget_usd"), "agent arguments reach the attached agent");
        } finally {
            target.destroyForcibly();
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theAnnotatedPipelineIsPricedExactlyOnEveryJdk(String javaHome) throws Exception {
        new AgentEndToEndIT().pricesOn(javaHome, server, work);
    }
}
