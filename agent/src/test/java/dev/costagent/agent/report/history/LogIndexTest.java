package dev.costagent.agent.report.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.log.AgentLog;
import dev.costagent.fixtures.CostLogs;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index the usual exit takes its shortcut through: what it holds, and that any doubt means a parse. */
class LogIndexTest {

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("cost_log.json");
    }

    private void write(String id) throws Exception {
        new CostLogStore(log(), 3, AgentLog.get(getClass())).write(CostLogs.runAt(id,
                java.time.Instant.parse("2026-11-01T00:00:00Z"), "0.125"));
    }

    @Test
    void itDescribesTheLogItWasWrittenWithAndCarriesItsTotals() throws Exception {
        for (int i = 0; i < 5; i++) {
            write("r" + i);
        }
        LogIndex index = LogIndex.read(dir.resolve("cost_log.json.index"));
        byte[] bytes = Files.readAllBytes(log());
        try (FileChannel ch = FileChannel.open(log())) {
            assertTrue(index.describes(ch));
        }
        assertEquals(3, index.runs());
        for (int i = 0; i < 3; i++) {
            String line = new String(Arrays.copyOfRange(bytes, (int) index.runStarts()[i], (int) index.runEnd(i)),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertEquals("r" + (i + 2), CostLogs.JSON.readTree(line).get("run_id").asText(), line);
            assertEquals("r" + (i + 2), index.runId(i), "each run's id, to find it without a parse");
            assertEquals(202611, index.runMonths()[i], "and its month, for its archive");
        }
        assertEquals('{', bytes[(int) index.cumulativeStart()]);
        assertEquals('}', bytes[(int) index.cumulativeEnd() - 1]);
        assertEquals(5L, index.cumulative().get("runs"));
        assertEquals(0, new BigDecimal("0.625").compareTo((BigDecimal) index.cumulative().get("total_cost_usd")));
        assertEquals(List.of("2026-11.jsonl.gz"), List.copyOf(index.archives().keySet()));
        LogIndex again = LogIndex.read(dir.resolve("cost_log.json.index"));
        assertArrayEquals(index.render(), again.render(), "read back as written");
    }

    @Test
    void aDamagedIndexIsNoIndexAndTheNextWriteParsesTheLog() throws Exception {
        write("r0");
        write("r1");
        Path file = dir.resolve("cost_log.json.index");
        byte[] good = Files.readAllBytes(file);
        for (byte[] bad : List.of(Arrays.copyOf(good, good.length - 1), new byte[0], "{\"version\":1}".getBytes(),
                concat(good, new byte[] {0}))) {
            Files.write(file, bad);
            assertNull(LogIndex.read(file));
        }
        byte[] flipped = good.clone();
        flipped[3] ^= 1;
        Files.write(file, flipped);
        assertNull(LogIndex.read(file));
        write("r2");
        CostLogs.Folder f = CostLogs.read(dir);
        assertEquals(List.of("r0", "r1", "r2"), f.ids());
        f.assertEachRunOnceAndTotalsExact("after a parse");
        assertTrue(LogIndex.read(file) != null, "a new index");
    }

    @Test
    void totalsANewerVersionAddedTheIndexDoesNotCarryAreReadFromTheLog() throws Exception {
        Files.writeString(log(), "{\"runs\": [{\"run_id\": \"old\"}], \"cumulative\": {\"runs\": 1, "
                + "\"total_cost_usd\": 0.5, \"stages\": {}, \"models\": {}, \"workflows\": {}, \"note\": \"kept\"}}");
        write("r1");
        assertNull(LogIndex.read(dir.resolve("cost_log.json.index")).cumulative());
        write("r2");
        assertEquals("kept", CostLogs.read(dir).cumulative().get("note").asText());
        assertEquals(0, new BigDecimal("0.75").compareTo(CostLogs.read(dir).cumulative().get("total_cost_usd")
                .decimalValue()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
