package dev.costagent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

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

    /** A folder's runs read independently: the archives' (one JSON per line, gzip), then the log's. */
    record History(List<JsonNode> runs, int archived, int logged, JsonNode cumulative) {
    }

    static History history(Path outDir) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        Path archives = outDir.resolve("cost_log.archive");
        if (Files.isDirectory(archives)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(archives)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).sorted().toList();
            }
            for (Path f : files) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(f));
                     MappingIterator<JsonNode> lines = JSON.readerFor(JsonNode.class).readValues(in)) {
                    lines.forEachRemaining(runs::add);
                }
            }
        }
        int archived = runs.size();
        JsonNode log = read(outDir.resolve("cost_log.json"));
        log.get("runs").forEach(runs::add);
        return new History(runs, archived, runs.size() - archived, log.get("cumulative"));
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
