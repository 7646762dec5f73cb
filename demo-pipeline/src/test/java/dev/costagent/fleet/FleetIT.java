package dev.costagent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costagent.testing.RedisServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 end to end: JVMs under {@code -javaagent} sharing one budget and one ledger on a real
 * {@code redis-server}, each JVM running {@link FleetProgram}. The scope's total is checked to the picodollar
 * against what the JVMs' own reports say they spent.
 */
class FleetIT {

    static final BigDecimal CALL = new BigDecimal(FleetProgram.CALL_USD);
    static final long CALL_PICOS = 1_115_400_000L;

    private static RedisServer shared;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        shared = RedisServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (shared != null) {
            shared.close();
        }
    }

    static List<String> store(RedisServer redis, String scope, String... more) {
        List<String> o = new ArrayList<>(List.of("-Dcostagent.store=" + redis.url(),
                "-Dcostagent.budget.scope=" + scope));
        o.addAll(List.of(more));
        return o;
    }

    static long picos(JsonNode usd) {
        return usd.decimalValue().movePointRight(12).longValueExact();
    }

    static void assertSynced(FleetJvm jvm, String scope) throws Exception {
        JsonNode s = jvm.report().get("scope");
        assertEquals(scope, s.get("name").asText(), jvm.all());
        assertTrue(s.get("synced").asBoolean(), jvm.all());
        assertEquals(0, s.get("unsynced_usd").decimalValue().signum(), jvm.all());
    }

    @Test
    void threeJvmsOnOneScopeAddUpExactlyToItsTotal() throws Exception {
        List<FleetJvm> jvms = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                jvms.add(FleetJvm.start(work.resolve("w" + i), store(shared, "three"), Map.of(), "2", "5"));
            }
            long sum = 0;
            for (FleetJvm j : jvms) {
                assertEquals(0, j.exit(), j.all());
                assertTrue(j.stdout().contains("DONE stages=10"), j.all());
                JsonNode report = j.report();
                assertEquals("completed", report.get("status").asText());
                assertEquals(10 * CALL_PICOS, picos(report.get("total_cost_usd")));
                assertSynced(j, "three");
                sum += picos(report.get("total_cost_usd"));
                assertTrue(j.agentLines("WARN").isEmpty(), j.all());
            }
            assertEquals(30 * CALL_PICOS, sum);
            assertEquals(sum, shared.longValue("costagent:{three}:total"));
            assertEquals(3L, shared.call("XLEN", "costagent:{three}:ledger"));
            // The last report's scope total is at least its own JVM's and at most the fleet's.
            long last = picos(jvms.get(2).report().at("/scope/spent_usd"));
            assertTrue(last >= 10 * CALL_PICOS && last <= sum, Long.toString(last));
        } finally {
            for (FleetJvm j : jvms) {
                j.close();
            }
        }
    }

    @Test
    void sixJvmsOfFourThreadsAllStopAtOneBudgetWithinTheStagesInFlight() throws Exception {
        BigDecimal budget = new BigDecimal("0.05");
        List<FleetJvm> jvms = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                jvms.add(FleetJvm.start(work.resolve("w" + i), store(shared, "budgeted", "-Dbudget=" + budget),
                        Map.of(), "4", "100"));
            }
            long sum = 0;
            for (FleetJvm j : jvms) {
                assertEquals(0, j.exit(), j.all());
                JsonNode report = j.report();
                assertEquals("budget_exceeded", report.get("status").asText(), j.all());
                assertEquals(4, j.stdout().lines().filter(l -> l.startsWith("STOPPED")).count(), j.all());
                assertSynced(j, "budgeted");
                sum += picos(report.get("total_cost_usd"));
            }
            long total = shared.longValue("costagent:{budgeted}:total");
            assertEquals(sum, total);
            long budgetPicos = budget.movePointRight(12).longValueExact();
            assertTrue(total > budgetPicos, "the fleet crossed the budget: " + total);
            // At most one stage in flight per thread when the total crossed: 24 stages of one call each.
            System.out.println("6 JVMs x 4 threads, budget $" + budget + ": the scope stopped at $"
                    + BigDecimal.valueOf(total, 12).stripTrailingZeros().toPlainString() + ", "
                    + (total - budgetPicos + CALL_PICOS - 1) / CALL_PICOS + " calls over (bound: 24)");
            assertTrue(total <= budgetPicos + 24 * CALL_PICOS, "overshoot " + (total - budgetPicos) + " picodollars");
            // 100 stages a thread would have been $2.68: the fleet stopped near $0.05, not each JVM at $0.05.
            assertTrue(total < 2 * budgetPicos, Long.toString(total));
        } finally {
            for (FleetJvm j : jvms) {
                j.close();
            }
        }
    }

    @Test
    void theStoreKilledMidRunAndRestartedGetsEverySpendExactlyOnce() throws Exception {
        // Every write on disk before its answer, so that what the store confirmed survives the kill.
        try (RedisServer redis = RedisServer.start("--appendonly", "yes", "--appendfsync", "always")) {
            try (FleetJvm jvm = FleetJvm.start(work.resolve("w"), store(redis, "outage", "-Dbudget=10",
                    "-Dcostagent.store.timeout=500ms"), Map.of(), "1", "15", "5", "10")) {
                jvm.await("PAUSED 5");
                assertEquals(5 * CALL_PICOS, redis.longValue("costagent:{outage}:total"));
                redis.kill();
                jvm.proceed();
                jvm.await("PAUSED 10");
                redis.restart();
                assertEquals(5 * CALL_PICOS, redis.longValue("costagent:{outage}:total"));
                jvm.proceed();
                assertEquals(0, jvm.exit(), jvm.all());
                assertEquals(15 * CALL_PICOS, redis.longValue("costagent:{outage}:total"), jvm.all());
                assertSynced(jvm, "outage");
                assertEquals(1, jvm.agentLines("WARN store " + redis.url() + "/0").size(), jvm.all());
                assertEquals(1, jvm.agentLines("reached again").size(), jvm.all());
                assertFalse(Files.exists(jvm.out.resolve("cost_spool")) && spool(jvm.out).size() > 0);
            }
        }
    }

    @Test
    void aStoreDownUntilExitIsPushedFromTheSpoolExactlyOnce() throws Exception {
        // Killed twice: what it confirmed before each kill must survive it.
        try (RedisServer redis = RedisServer.start("--appendonly", "yes", "--appendfsync", "always")) {
            redis.kill();
            Path out = work.resolve("out");
            List<String> options = store(redis, "spooled", "-Dcostagent.store.timeout=300ms");
            try (FleetJvm down = FleetJvm.start(out, options, Map.of(), "1", "3")) {
                assertEquals(0, down.exit(), down.all());
                JsonNode s = down.report().get("scope");
                assertFalse(s.get("synced").asBoolean());
                assertEquals(3 * CALL_PICOS, picos(s.get("unsynced_usd")));
                assertEquals(1, spool(out).size(), down.all());
                assertEquals(1, down.agentLines("WARN store " + redis.url() + "/0 cannot be reached").size(),
                        down.all());
            }
            try (FleetJvm downAgain = FleetJvm.start(out, options, Map.of(), "1", "2")) {
                assertEquals(0, downAgain.exit(), downAgain.all());
                assertEquals(2, spool(out).size());
            }
            redis.restart();
            // The next run with the same out folder and store pushes both, once.
            try (FleetJvm next = FleetJvm.start(out, store(redis, "spooled", "-Dcostagent.store.required=true"),
                    Map.of(), "1", "1")) {
                assertEquals(0, next.exit(), next.all());
                assertEquals(2, next.agentLines("pushed the spooled spend of run").size(), next.all());
            }
            assertEquals(6 * CALL_PICOS, redis.longValue("costagent:{spooled}:total"));
            assertEquals(3L, redis.call("XLEN", "costagent:{spooled}:ledger"));
            assertEquals(List.of(), spool(out));

            // store sync: a spool pushed from the command line, once.
            redis.kill();
            try (FleetJvm down = FleetJvm.start(out, options, Map.of(), "1", "4")) {
                assertEquals(0, down.exit(), down.all());
            }
            redis.restart();
            try (FleetJvm sync = FleetJvm.cli(work, List.of(), Map.of(), "store", "sync", out.toString())) {
                assertEquals(0, sync.exit(), sync.all());
                assertTrue(sync.stdout().contains("pushed run"), sync.all());
            }
            try (FleetJvm again = FleetJvm.cli(work, List.of(), Map.of(), "store", "sync", out.toString())) {
                assertEquals(0, again.exit(), again.all());
                assertTrue(again.stdout().contains("nothing to push"), again.all());
            }
            assertEquals(10 * CALL_PICOS, redis.longValue("costagent:{spooled}:total"));
        }
    }

    @Test
    void aWrongPasswordStopsARequiredRunBeforeMainAndOtherwiseLeavesItLocal() throws Exception {
        try (RedisServer locked = RedisServer.withPassword("right-password")) {
            List<String> required = store(locked, "locked", "-Dcostagent.store.required=true");
            try (FleetJvm refused = FleetJvm.start(work.resolve("r"), required,
                    Map.of("COSTAGENT_STORE_PASSWORD", "wrong-password"), "1", "1")) {
                assertEquals(2, refused.exit(), refused.all());
                assertFalse(refused.stdout().contains("MAIN STARTED"), refused.all());
                assertEquals(List.of("cost-agent: the store is required (store.required=true) but cannot be used: "
                        + "store " + locked.url() + "/0 refused the credentials (WRONGPASS invalid username-password "
                        + "pair or user is disabled.)"), refused.stderr().lines().toList());
            }
            try (FleetJvm local = FleetJvm.start(work.resolve("l"), store(locked, "locked"),
                    Map.of("COSTAGENT_STORE_PASSWORD", "wrong-password"), "1", "2")) {
                assertEquals(0, local.exit(), local.all());
                assertEquals(2 * CALL_PICOS, picos(local.report().get("total_cost_usd")));
                assertFalse(local.report().at("/scope/synced").asBoolean());
                assertEquals(1, local.agentLines("WARN store " + locked.url() + "/0 refused the credentials")
                        .size(), local.all());
                assertFalse(local.all().contains("wrong-password"), local.all());
            }
            try (FleetJvm right = FleetJvm.start(work.resolve("l"), required,
                    Map.of("COSTAGENT_STORE_PASSWORD", "right-password"), "1", "2")) {
                assertEquals(0, right.exit(), right.all());
                assertSynced(right, "locked");
            }
            // The run that could not log in spooled its spend; it reaches the store with the next good run.
            assertEquals(4 * CALL_PICOS, locked.longValue("costagent:{locked}:total"));
        }
    }

    @Test
    void tlsWithACertificateTheJvmTrusts(@TempDir Path certs) throws Exception {
        RedisServer.TlsFiles tls = RedisServer.TlsFiles.make(certs);
        try (RedisServer redis = RedisServer.withTls(tls)) {
            assertTrue(redis.url().startsWith("rediss://"));
            List<String> options = store(redis, "secure", "-Dcostagent.store.required=true",
                    "-Djavax.net.ssl.trustStore=" + tls.trustStore(),
                    "-Djavax.net.ssl.trustStorePassword=" + tls.trustStorePassword());
            try (FleetJvm jvm = FleetJvm.start(work.resolve("w"), options, Map.of(), "1", "3")) {
                assertEquals(0, jvm.exit(), jvm.all());
                assertSynced(jvm, "secure");
                assertEquals(redis.url() + "/0", jvm.report().at("/scope/store").asText());
            }
            assertEquals(3 * CALL_PICOS, redis.longValue("costagent:{secure}:total"));
            // Without the trust store, a required store stops the start.
            try (FleetJvm untrusted = FleetJvm.start(work.resolve("u"), store(redis, "secure",
                    "-Dcostagent.store.required=true"), Map.of(), "1", "1")) {
                assertEquals(2, untrusted.exit(), untrusted.all());
                assertTrue(untrusted.stderr().contains("failed the TLS handshake"), untrusted.all());
            }
        }
    }

    @Test
    void aBadStoreUrlStopsTheJvmBeforeMainAndNoStoreLoadsNoneOfTheClient() throws Exception {
        try (FleetJvm bad = FleetJvm.start(work.resolve("b"), List.of("-Dcostagent.store=redis://:hunter2@cache:0"),
                Map.of(), "1", "1")) {
            assertEquals(2, bad.exit(), bad.all());
            assertEquals(List.of("cost-agent: invalid configuration: store='redis://:***@cache:0' (from "
                    + "-Dcostagent.store): expected a port from 1 to 65535"), bad.stderr().lines().toList());
        }
        try (FleetJvm plain = FleetJvm.start(work.resolve("p"), List.of("-Xlog:class+load:file="
                + work.resolve("classes.txt")), Map.of(), "1", "1")) {
            assertEquals(0, plain.exit(), plain.all());
        }
        List<String> loaded = Files.readAllLines(work.resolve("classes.txt"));
        assertTrue(loaded.stream().anyMatch(l -> l.contains("dev.costagent.agent.store.StoreFactory")));
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains("dev.costagent.shaded.redis")
                || l.contains("dev.costagent.shaded.pool2") || l.contains("dev.costagent.agent.store.redis")
                || l.contains("dev.costagent.agent.store.FleetStore")).toList());
    }

    @Test
    void theAgentJarHoldsTheStoreClientRelocated() throws Exception {
        List<String> entries;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(FleetJvm.AGENT_JAR.toFile())) {
            entries = jar.stream().map(java.util.jar.JarEntry::getName).toList();
        }
        assertTrue(entries.contains("dev/costagent/shaded/redis/jedis/Connection.class"));
        assertTrue(entries.stream().anyMatch(e -> e.startsWith("dev/costagent/shaded/pool2/")));
        assertTrue(entries.contains("META-INF/services/dev.costagent.shaded.slf4j.spi.SLF4JServiceProvider"));
        assertEquals(List.of(), entries.stream().filter(e -> e.endsWith(".class"))
                .filter(e -> !e.startsWith("dev/costagent/")).toList());
        assertEquals(List.of(), entries.stream().filter(e -> e.startsWith("META-INF/services/org.")
                || e.startsWith("redis/") || e.startsWith("com/google/") || e.startsWith("org/json/")).toList());
    }

    static List<Path> spool(Path out) throws Exception {
        Path d = out.resolve("cost_spool");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
    }
}
