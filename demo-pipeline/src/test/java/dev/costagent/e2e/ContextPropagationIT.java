package dev.costagent.e2e;

import static dev.costagent.e2e.AgentEndToEndIT.assertUsd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Stage context follows work to executors, the common pool, new threads and virtual threads; on every JDK. */
class ContextPropagationIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final BigDecimal CALL = new BigDecimal("0.0011154");

    @TempDir
    Path work;

    static List<String> jdks() {
        return Jdks.all();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void callsOnOtherThreadsBelongToTheStageThatHandedThemOver(String javaHome) throws Exception {
        AgentProcess.Result r = AgentProcess.run(javaHome, work, List.of(), AgentProcess.classPath(e -> true),
                ContextProgram.class.getName());
        assertEquals(0, r.exit(), r.all());
        int virtual = Integer.parseInt(r.stdout().replaceAll("(?s).*VIRTUAL (\\d+).*", "$1"));
        JsonNode report = JSON.readTree(work.resolve("data/cost_report.json").toFile());
        // submit, execute, invokeAll x2, supplyAsync, new Thread, and the virtual threads
        int staged = 6 + virtual;
        assertEquals(staged, report.at("/stages/fanout/calls").asInt(), r.all());
        assertUsd(CALL.multiply(BigDecimal.valueOf(staged)), report.at("/stages/fanout/cost_usd"), "fanout");
        assertEquals(2, report.at("/stages/unstaged/calls").asInt(), "work submitted outside any stage: " + report);
        assertTrue(!javaHome.equals(Jdks.NEWEST) || virtual == 2, "virtual threads exercised on the newest JDK");
    }
}
