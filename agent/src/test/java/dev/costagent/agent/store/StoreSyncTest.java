package dev.costagent.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.config.ConfigLoader;
import dev.costagent.agent.config.Settings;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.value.Money;
import dev.costagent.testing.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code store sync}: the spool pushed exactly once, and every other case one line and an exit status. */
class StoreSyncTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void quiet() {
        AgentLog.stream(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        AgentLog.stream(null);
    }

    private int sync(Path folder, Map<String, String> properties, Map<String, String> env) throws Exception {
        Settings s = ConfigLoader.load(null, properties, env, dir).settings();
        return StoreSync.run(folder, s, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** A run against a store that is down: its spend spooled in {@code out}. */
    private static void spooledRun(Path out, RedisServer store, String usd) throws Exception {
        FleetRun run = FleetRun.start(out, "store", "redis://:pw@127.0.0.1:" + store.port(), "budget.scope",
                "synced", "store.timeout", "200ms");
        run.spend(usd);
        run.end();
    }

    @Test
    void theSpoolIsPushedExactlyOnceToTheStoreItNames() throws Exception {
        Path folder = dir.resolve("out");
        try (RedisServer store = RedisServer.withPassword("pw")) {
            store.kill();
            spooledRun(folder, store, "0.25");
            spooledRun(folder, store, "0.5");
            assertEquals(1, sync(folder, Map.of(), Map.of("COSTAGENT_STORE_PASSWORD", "pw")), err.toString());
            assertTrue(err.toString().contains("cannot be reached"), err.toString());
            assertFalse(err.toString().contains("pw@"));

            store.restart();
            assertEquals(0, sync(folder, Map.of(), Map.of("COSTAGENT_STORE_PASSWORD", "pw")), err.toString());
            List<String> pushed = out.toString().lines().filter(l -> l.contains("pushed run")).toList();
            assertEquals(2, pushed.size(), out.toString());
            assertTrue(pushed.get(0).contains("and its ledger entry) to redis://127.0.0.1:" + store.port()
                    + "/0 (synced)"), pushed.get(0));
            assertEquals(Money.picos(new BigDecimal("0.75")), store.longValue("costagent:{synced}:total"));
            assertEquals(2L, store.call("XLEN", "costagent:{synced}:ledger"));

            assertEquals(0, sync(folder, Map.of(), Map.of()));
            assertTrue(out.toString().contains("nothing to push"), out.toString());
            assertEquals(Money.picos(new BigDecimal("0.75")), store.longValue("costagent:{synced}:total"));
        }
    }

    @Test
    void aConfiguredStorePushesOnlyItsOwnFiles() throws Exception {
        Path folder = dir.resolve("out");
        try (RedisServer store = RedisServer.withPassword("pw")) {
            store.kill();
            spooledRun(folder, store, "0.1");
            assertEquals(0, sync(folder, Map.of("costagent.store", "redis://127.0.0.1:1"), Map.of()), err.toString());
            assertTrue(out.toString().contains("left as it is"), out.toString());
            assertEquals(1, Files.list(folder.resolve("cost_spool")).count());
        }
    }

    @Test
    void aCorruptSpoolFileIsKeptAside() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("out").resolve("cost_spool"));
        Files.writeString(spool.resolve("20261206T000000Z-000001-ab.json"), "{\"spool_version\": 1, \"batch");
        assertEquals(1, sync(dir.resolve("out"), Map.of(), Map.of()));
        assertTrue(err.toString().contains("cannot be read"), err.toString());
        assertTrue(Files.exists(spool.resolve("20261206T000000Z-000001-ab.json.corrupt")));
    }

    @Test
    void aFolderThatIsNotThereIsBadInput() throws Exception {
        assertEquals(2, sync(dir.resolve("missing"), Map.of(), Map.of()));
        assertEquals("cost-agent store sync: " + dir.resolve("missing") + " is not a folder (give the agent's out"
                + " folder)", err.toString().trim());
        assertEquals(0, sync(dir, Map.of(), Map.of()));
        assertEquals(2, sync(dir, Map.of("costagent.store", "http://x"), Map.of()));
    }
}
