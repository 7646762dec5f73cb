package dev.costagent.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costagent.BudgetExceededException;
import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.report.RunSnapshotReader.RunRecord;
import dev.costagent.agent.value.Money;
import dev.costagent.testing.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of the agent in this JVM with the fleet store on, against a real {@code redis-server}: a scope's runs share
 * one total and one budget, a store that is down costs the run nothing but a WARN and a spool file, which the next
 * run pushes exactly once; the report's {@code scope}; the ledger read back.
 */
class FleetStoreTest {

    private static RedisServer redis;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void captureLog() {
        AgentLog.stream(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        AgentLog.stream(null);
    }

    private String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    private static long picos(String usd) {
        return Money.picos(new BigDecimal(usd));
    }

    @Test
    void runsOfOneScopeShareItsTotalAndItsBudget() throws Exception {
        FleetRun a = FleetRun.start(dir.resolve("a"), "store", redis.url(), "budget.scope", "shared", "budget", "0.01");
        FleetRun b = FleetRun.start(dir.resolve("b"), "store", redis.url(), "budget.scope", "shared", "budget", "0.01");
        assertNull(a.stage("0.006"));
        // B's own spend is under the budget; the scope's is not.
        BudgetExceededException stop = b.stage("0.005");
        assertNotNull(stop);
        assertEquals(new BigDecimal("0.011"), stop.spentUsd().stripTrailingZeros());
        // A's next stage reads the scope's total fresh and is refused.
        assertNotNull(a.stage("0.001"));
        a.end();
        b.end();
        assertEquals(picos("0.011"), redis.longValue("costagent:{shared}:total"));
        assertEquals(2L, redis.call("XLEN", "costagent:{shared}:ledger"));

        JsonNode scope = b.scope();
        assertEquals("shared", scope.get("name").asText());
        assertEquals(redis.url() + "/0", scope.get("store").asText());
        assertEquals(0, new BigDecimal("0.011").compareTo(scope.get("spent_usd").decimalValue()));
        assertEquals(0, new BigDecimal("0.01").compareTo(scope.get("budget_usd").decimalValue()));
        assertTrue(scope.get("synced").asBoolean());
        assertEquals(0, BigDecimal.ZERO.compareTo(scope.get("unsynced_usd").decimalValue()));
        assertEquals("budget_exceeded", b.report().get("status").asText());
        assertEquals("budget_exceeded", a.report().get("status").asText());

        List<RunRecord> ledger = new ArrayList<>();
        new ScopeLedger(StoreUrl.parse(redis.url()), Duration.ofSeconds(2)).read("shared", ledger::add);
        assertEquals(2, ledger.size());
        assertEquals(a.components.snapshots().runId(), ledger.get(0).run().runId());
        assertEquals(picos("0.006"), ledger.get(0).run().totals().picos());
        assertTrue(ledger.get(0).detailed());
        assertEquals(Boolean.TRUE, ((java.util.Map<?, ?>) ledger.get(1).run().sections().get("scope")).get("synced"));
        assertFalse(logged().contains("WARN store"), logged());
    }

    @Test
    void withoutAScopeTheRunRecordsUnderItsWorkflowWithItsOwnBudget() throws Exception {
        redis.call("SET", "costagent:{FleetRun}:total", Long.toString(picos("100")));
        FleetRun run = FleetRun.start(dir.resolve("solo"), "store", redis.url(), "budget", "0.01");
        // The workflow's total is far over the budget: it is not this run's.
        assertNull(run.stage("0.004"));
        run.end();
        assertEquals(picos("100.004"), redis.longValue("costagent:{FleetRun}:total"));
        assertEquals("FleetRun", run.scope().get("name").asText());
        assertEquals("completed", run.report().get("status").asText());
        assertEquals(1L, redis.call("XLEN", "costagent:{FleetRun}:ledger"));
    }

    @Test
    void aStoreDownForTheWholeRunLeavesASpoolThatTheNextRunPushesOnce() throws Exception {
        try (RedisServer store = RedisServer.start()) {
            store.kill();
            Path out = dir.resolve("out");
            FleetRun down = FleetRun.start(out, "store", "redis://:hunter2@127.0.0.1:" + store.port(),
                    "budget.scope", "spooled", "budget", "0.05", "store.timeout", "300ms");
            // The budget is checked on what is known: this JVM's own spend.
            assertNull(down.stage("0.03"));
            assertNotNull(down.stage("0.03"));
            down.end();
            JsonNode scope = down.scope();
            assertFalse(scope.get("synced").asBoolean());
            assertEquals(0, new BigDecimal("0.06").compareTo(scope.get("unsynced_usd").decimalValue()));
            assertEquals(0, new BigDecimal("0.06").compareTo(scope.get("spent_usd").decimalValue()));
            List<String> warnings = logged().lines().filter(l -> l.contains("WARN store")).toList();
            assertEquals(2, warnings.size(), logged());
            assertTrue(warnings.get(0).contains("store redis://127.0.0.1:" + store.port() + "/0 cannot be reached"),
                    warnings.get(0));
            assertTrue(warnings.get(1).contains("kept in " + out.resolve("cost_spool")), warnings.get(1));
            assertFalse(logged().contains("hunter2"));
            List<Path> spooled = spoolFiles(out);
            assertEquals(1, spooled.size());
            assertFalse(Files.readString(spooled.get(0)).contains("hunter2"));

            byte[] spoolCopy = Files.readAllBytes(spooled.get(0));

            store.restart();
            // The spool is pushed by the store's thread once it connects; this run's own stage then sees it.
            FleetRun next = FleetRun.start(out, "store", "redis://127.0.0.1:" + store.port(), "budget.scope",
                    "spooled", "budget", "0.05", "store.required", "true");
            awaitTotal(store, "costagent:{spooled}:total", picos("0.06"));
            // Refused at its entry: the scope is over its budget with the earlier run's spend.
            assertNotNull(next.stage("0.001"));
            next.spend("0.001");
            next.end();
            assertEquals(picos("0.061"), store.longValue("costagent:{spooled}:total"));
            assertEquals(2L, store.call("XLEN", "costagent:{spooled}:ledger"));
            assertEquals(List.of(), spoolFiles(out));

            // The same spool file again (one left behind, or two runs starting at once) adds nothing.
            Files.write(spooled.get(0), spoolCopy);
            FleetRun third = FleetRun.start(out, "store", "redis://127.0.0.1:" + store.port(), "budget.scope",
                    "spooled", "store.required", "true");
            awaitNoSpool(out);
            third.end();
            assertEquals(picos("0.061"), store.longValue("costagent:{spooled}:total"));
            assertEquals(3L, store.call("XLEN", "costagent:{spooled}:ledger"));
        }
    }

    private static List<Path> spoolFiles(Path out) throws Exception {
        Path d = out.resolve("cost_spool");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Waits, boundedly, for the store's thread to push: the one thing here that happens on its own schedule. */
    private static void awaitTotal(RedisServer store, String key, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (store.longValue(key) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(key + " is " + store.longValue(key) + ", expected " + expected);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static void awaitNoSpool(Path out) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!spoolFiles(out).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the spool was not pushed: " + spoolFiles(out));
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    @Test
    void aSlowStoreAtExitIsWaitedForAtMostItsTimeoutThenSpooledAndCountedOnce() throws Exception {
        Path out = dir.resolve("slow");
        FleetRun run = FleetRun.start(out, "store", redis.url(), "budget.scope", "slow", "store.timeout", "300ms");
        run.spend("0.02");
        // Every command waits 3 s: the exit's push is sent, and answered only after the run gave up on it.
        redis.call("CLIENT", "PAUSE", "3000", "WRITE");
        long started = System.nanoTime();
        try {
            run.end();
        } finally {
            redis.call("CLIENT", "UNPAUSE");
        }
        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(ms < 2500, "the exit waited " + ms + " ms for a store timing out after 300 ms");
        assertFalse(run.scope().get("synced").asBoolean());
        assertEquals(1, spoolFiles(out).size());
        // The paused push may still have been applied once the pause ended; the spool adds the batch only if not.
        FleetRun next = FleetRun.start(out, "store", redis.url(), "budget.scope", "slow", "store.required", "true");
        awaitNoSpool(out);
        next.end();
        assertEquals(picos("0.02"), redis.longValue("costagent:{slow}:total"));
        assertEquals(2L, redis.call("XLEN", "costagent:{slow}:ledger"));
    }

    @Test
    void aSpoolFileTheStoreRefusesIsLeftAndHoldsUpNothing() throws Exception {
        Path out = dir.resolve("poison");
        redis.call("SET", "costagent:{poison}:ledger", "not a stream");
        SpoolFiles.Spooled bad = new SpoolFiles.Spooled("old-run/1", "old-run", "poison", redis.url() + "/0",
                "127.0.0.1:" + redis.port() + "/0", List.of(new Batch(1, 5)), "{}".getBytes(StandardCharsets.UTF_8));
        Path file = new SpoolFiles(out, bad.endpoint(), Duration.ofSeconds(1), AgentLog.get(FleetStoreTest.class))
                .write(bad);
        FleetRun run = FleetRun.start(out, "store", redis.url(), "budget.scope", "healthy");
        run.spend("0.01");
        awaitTotal(redis, "costagent:{healthy}:total", picos("0.01"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!logged().contains("refused the spool file") && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        run.end();
        assertTrue(Files.exists(file));
        assertEquals(1, logged().lines().filter(l -> l.contains("refused the spool file")).count(), logged());
        assertTrue(run.scope().get("synced").asBoolean());
        assertEquals(0, redis.longValue("costagent:{poison}:total"));
    }

    @Test
    void aRequiredStoreThatCannotBeUsedStopsTheStartInOneLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> FleetRun.start(dir.resolve("r"), "store",
                "redis://app:hunter2@127.0.0.1:1", "store.required", "true"));
        assertEquals("cost-agent: the store is required (store.required=true) but cannot be used: store "
                + "redis://app@127.0.0.1:1/0 cannot be reached (Connection refused)", e.getMessage());
        try (RedisServer locked = RedisServer.withPassword("right")) {
            ConfigException wrong = assertThrows(ConfigException.class, () -> FleetRun.start(dir.resolve("w"),
                    "store", "redis://:wrong@127.0.0.1:" + locked.port(), "store.required", "true"));
            assertTrue(wrong.getMessage().contains("refused the credentials (WRONGPASS"), wrong.getMessage());
            assertFalse(wrong.getMessage().contains("wrong@") || wrong.getMessage().contains(":wrong"));
        }
    }
}
