package dev.costagent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and checks a run's {@code cost_report.json} and {@code cost_log.json}. */
final class RunFiles {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final BigDecimal CALL = new BigDecimal(ReliabilityProgram.CALL_USD);

    private RunFiles() {
    }

    static JsonNode read(Path file) throws IOException {
        assertTrue(Files.exists(file), "missing " + file);
        return JSON.readTree(file.toFile());
    }

    static void assertUsd(BigDecimal expected, JsonNode actual, String what) {
        assertTrue(actual != null && actual.isNumber(), what + " is a number: " + actual);
        assertEquals(0, expected.compareTo(actual.decimalValue()), what + ": expected " + expected + " but was " + actual);
    }

    /**
     * The run wrote its report and exactly one log entry, with this status and total, and said so exactly once.
     *
     * @return the report
     */
    static JsonNode assertWrittenOnce(ChildJvm child, Path outDir, String status, BigDecimal total) throws IOException {
        JsonNode report = read(outDir.resolve("cost_report.json"));
        assertEquals(status, report.get("status").asText(), child.all());
        assertUsd(total, report.get("total_cost_usd"), "report total");
        JsonNode log = read(outDir.resolve("cost_log.json"));
        assertEquals(1, log.get("runs").size(), log.toString());
        assertEquals(report.get("run_id").asText(), log.at("/runs/0/run_id").asText());
        assertEquals(status, log.at("/runs/0/status").asText());
        assertUsd(total, log.at("/cumulative/total_cost_usd"), "cumulative total");
        assertEquals(1, child.agentLines("] Run " + report.get("run_id").asText() + " cost ").size(),
                "the run's files written once:\n" + child.all());
        return report;
    }
}
