package dev.costagent.agent.report.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.report.CapturedOutput;
import dev.costagent.fixtures.TextDamage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomly damaged logs, judged against databind (strict about duplicates and trailing documents): a log databind
 * reads as a cost log is updated with every entry kept as it was; any other is kept aside byte for byte and a new
 * log started. The write never fails on them.
 */
class DamagedLogsTest {

    private static final int CASES = 150;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @TempDir
    Path dir;

    /** Databind's tree when it is a cost log of the documented shape, else null. */
    private static JsonNode costLog(String text) {
        JsonNode root;
        try {
            root = STRICT.readTree(text);
        } catch (Exception e) {
            return null;
        }
        if (root == null || !root.isObject() || !root.path("runs").isArray() || !root.path("cumulative").isObject()) {
            return null;
        }
        for (JsonNode r : root.get("runs")) {
            if (!r.isObject() || !r.path("run_id").isTextual()) {
                return null;
            }
        }
        JsonNode c = root.get("cumulative");
        if (!c.path("runs").isIntegralNumber() || !c.path("total_cost_usd").isNumber()) {
            return null;
        }
        for (String g : List.of("stages", "models", "workflows")) {
            if (!c.path(g).isObject()) {
                return null;
            }
            for (JsonNode v : c.get(g)) {
                if (!v.isNumber()) {
                    return null;
                }
            }
        }
        return root;
    }

    @Test
    void damagedLogsAreUpdatedWhenDatabindReadsThemAsCostLogsAndKeptAsideOtherwise() throws Exception {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        CostLogStore seed = new CostLogStore(seedDir.resolve("cost_log.json"), 10, AgentLog.get(getClass()));
        for (int i = 0; i < 3; i++) {
            seed.write(LogWriterChild.run("seed-" + i));
        }
        String base = Files.readString(seedDir.resolve("cost_log.json"))
                .replace("\"status\":", "\"tag\":[1,\"é\\n\",{\"k\":null}],\"status\":");
        long seedValue = Long.getLong("damage.seed", System.nanoTime());
        Random random = new Random(seedValue);
        String alphabet = "{}[]\",:0123456789.-+eE \n\\tfnrul\u00e9a";
        int kept = 0;
        int aside = 0;
        for (int k = 0; k < CASES; k++) {
            String damaged = TextDamage.damage(base, random, 2, alphabet);
            Path d = Files.createDirectories(dir.resolve("case" + k));
            Path log = d.resolve("cost_log.json");
            Files.writeString(log, damaged);
            String when = "seed " + seedValue + ", case " + k + ": " + damaged;
            try (CapturedOutput out = new CapturedOutput()) {
                new CostLogStore(log, 10, AgentLog.get(getClass())).write(LogWriterChild.run("new"));
                assertTrue(out.warnings().size() <= 1, out.log());
            }
            JsonNode expected = costLog(damaged);
            List<Path> asides;
            try (Stream<Path> s = Files.list(d)) {
                asides = s.filter(p -> p.getFileName().toString().startsWith("cost_log.json.corrupt-")).toList();
            }
            JsonNode now = STRICT.readTree(log.toFile());
            if (expected == null) {
                aside++;
                assertEquals(1, asides.size(), when);
                assertEquals(damaged, Files.readString(asides.get(0), StandardCharsets.UTF_8), when);
                assertEquals(1, now.get("runs").size(), when);
            } else {
                kept++;
                assertEquals(List.of(), asides, when);
                List<JsonNode> before = new ArrayList<>();
                expected.get("runs").forEach(before::add);
                List<JsonNode> after = new ArrayList<>();
                now.get("runs").forEach(after::add);
                assertEquals(before, after.subList(0, before.size()), "every entry kept as it was: " + when);
                assertEquals("new", after.get(after.size() - 1).get("run_id").asText(), when);
                assertEquals(expected.at("/cumulative/runs").asLong() + 1, now.at("/cumulative/runs").asLong(), when);
                for (Map.Entry<String, JsonNode> m : iterable(expected)) {
                    if (!m.getKey().equals("runs") && !m.getKey().equals("cumulative")) {
                        assertEquals(m.getValue(), now.get(m.getKey()), "a member kept: " + when);
                    }
                }
            }
        }
        assertTrue(kept > 0 && aside > 0, "both kinds among the damaged logs: " + kept + " kept, " + aside + " aside");
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
        return n::fields;
    }
}
