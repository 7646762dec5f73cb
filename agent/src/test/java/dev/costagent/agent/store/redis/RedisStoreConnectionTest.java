package dev.costagent.agent.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.store.Batch;
import dev.costagent.agent.store.ScopeKeys;
import dev.costagent.agent.store.StoreConnection;
import dev.costagent.agent.store.StoreException;
import dev.costagent.agent.store.StoreUrl;
import dev.costagent.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push script and the client against a real {@code redis-server}: a batch sent again is not counted twice, a
 * ledger entry is added once, amounts past Lua's exact range stay exact, and each way the store can refuse reads as
 * one clear message naming the store without its password.
 */
class RedisStoreConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static RedisServer redis;

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

    private static StoreUrl url(RedisServer s) throws StoreUrl.Malformed {
        return StoreUrl.parse(s.url());
    }

    private static StoreConnection open() throws Exception {
        return new RedisStoreClient(url(redis), TIMEOUT).open();
    }

    private static List<Batch> batches(long... seqAndPicos) {
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < seqAndPicos.length; i += 2) {
            out.add(new Batch(seqAndPicos[i], seqAndPicos[i + 1]));
        }
        return out;
    }

    @Test
    void aBatchSentAgainIsNotCountedTwice() throws Exception {
        ScopeKeys keys = new ScopeKeys("retried");
        try (StoreConnection c = open()) {
            assertEquals(0, c.push(keys, "run-a", List.of(), null, TIMEOUT));
            assertEquals(100, c.push(keys, "run-a", batches(1, 100), null, TIMEOUT));
            // The answer was lost: the same batch again, then with the next one.
            assertEquals(100, c.push(keys, "run-a", batches(1, 100), null, TIMEOUT));
            assertEquals(150, c.push(keys, "run-a", batches(1, 100, 2, 50), null, TIMEOUT));
            // Another run's first batch is its own.
            assertEquals(157, c.push(keys, "run-b", batches(1, 7), null, TIMEOUT));
            assertEquals(157, c.push(keys, "run-a", batches(2, 50), null, TIMEOUT));
        }
        assertEquals(157, redis.longValue(keys.total()));
        assertEquals("2", redis.call("HGET", keys.runs(), "run-a"));
        assertEquals("1", redis.call("HGET", keys.runs(), "run-b"));
    }

    @Test
    void aLedgerEntryIsAddedOnceAndReadBackOldestFirst() throws Exception {
        ScopeKeys keys = new ScopeKeys("ledger");
        byte[] first = "{\"run_id\":\"r1\"}".getBytes(StandardCharsets.UTF_8);
        try (StoreConnection c = open()) {
            c.push(keys, "r1", batches(1, 5), first, TIMEOUT);
            c.push(keys, "r1", batches(1, 5), first, TIMEOUT);
            for (int i = 2; i <= 450; i++) {
                c.push(keys, "r" + i, List.of(), ("{\"run_id\":\"r" + i + "\"}").getBytes(StandardCharsets.UTF_8),
                        TIMEOUT);
            }
            List<String> read = new ArrayList<>();
            ((RedisStoreConnection) c).readLedger(keys, (id, json) -> read.add(new String(json,
                    StandardCharsets.UTF_8)));
            // More than two pages, each entry once, in order.
            assertEquals(450, read.size());
            assertEquals("{\"run_id\":\"r1\"}", read.get(0));
            assertEquals("{\"run_id\":\"r450\"}", read.get(449));
        }
        assertEquals(450L, redis.call("XLEN", keys.ledger()));
        assertEquals(5, redis.longValue(keys.total()));
    }

    @Test
    void amountsPastTwoToTheFiftyThreeStayExact() throws Exception {
        ScopeKeys keys = new ScopeKeys("exact");
        long big = (1L << 53) + 1; // $9,007.199254740993: a double would round it
        try (StoreConnection c = open()) {
            assertEquals(big, c.push(keys, "r", batches(1, big), null, TIMEOUT));
            assertEquals(big + 3, c.push(keys, "r", batches(2, 3), null, TIMEOUT));
        }
        assertEquals(big + 3, redis.longValue(keys.total()));
    }

    @Test
    void theScriptIsSentAgainWhenTheServerForgotIt() throws Exception {
        ScopeKeys keys = new ScopeKeys("flushed");
        try (StoreConnection c = open()) {
            c.push(keys, "r", batches(1, 10), null, TIMEOUT);
            redis.call("SCRIPT", "FLUSH");
            assertEquals(30, c.push(keys, "r", batches(2, 20), null, TIMEOUT));
        }
    }

    @Test
    void aKeyOfTheWrongTypeFailsThePushBeforeItChangesAnything() throws Exception {
        ScopeKeys keys = new ScopeKeys("wrongtype");
        redis.call("SET", keys.ledger(), "not a stream");
        try (StoreConnection c = open()) {
            StoreException e = assertThrows(StoreException.class,
                    () -> c.push(keys, "r", batches(1, 10), "{}".getBytes(StandardCharsets.UTF_8), TIMEOUT));
            assertTrue(e.getMessage().startsWith("store " + redis.url() + "/0 refused the request (WRONGTYPE"),
                    e.getMessage());
        }
        assertEquals(0, redis.longValue(keys.total()));
        assertEquals(null, redis.call("HGET", keys.runs(), "r"));
    }

    @Test
    void aFullStoreChangesNothingAndSaysSo() throws Exception {
        ScopeKeys keys = new ScopeKeys("full");
        try (StoreConnection c = open()) {
            c.push(keys, "r", batches(1, 10), null, TIMEOUT);
            redis.call("CONFIG", "SET", "maxmemory", "1");
            try {
                StoreException e = assertThrows(StoreException.class,
                        () -> c.push(keys, "r", batches(2, 20), null, TIMEOUT));
                assertTrue(e.getMessage().startsWith("store " + redis.url() + "/0 is full (OOM"), e.getMessage());
                assertTrue(e.refused());
            } finally {
                redis.call("CONFIG", "SET", "maxmemory", "0");
            }
            assertEquals(30, c.push(keys, "r", batches(2, 20), null, TIMEOUT));
        }
    }

    @Test
    void aReadOnlyReplicaIsNamedAsOne() throws Exception {
        try (RedisServer replica = RedisServer.start("--replicaof", "127.0.0.1", Integer.toString(redis.port()))) {
            try (StoreConnection c = new RedisStoreClient(url(replica), TIMEOUT).open()) {
                StoreException e = assertThrows(StoreException.class,
                        () -> c.push(new ScopeKeys("replica"), "r", batches(1, 10), null, TIMEOUT));
                assertTrue(e.getMessage().startsWith("store " + replica.url() + "/0 is a read-only replica (READONLY"),
                        e.getMessage());
                assertTrue(e.getMessage().endsWith("point costagent.store at the primary"), e.getMessage());
            }
        }
    }

    @Test
    void aStoreThatDoesNotAnswerInTimeIsTimedOut() throws Exception {
        ScopeKeys keys = new ScopeKeys("slow");
        try (StoreConnection c = open()) {
            // Every other client's commands wait for 1.5 s.
            redis.call("CLIENT", "PAUSE", "1500", "ALL");
            StoreException e = assertThrows(StoreException.class,
                    () -> c.push(keys, "r", batches(1, 10), null, Duration.ofMillis(200)));
            assertEquals("store " + redis.url() + "/0 did not answer within 200 ms", e.getMessage());
            assertFalse(e.refused());
        } finally {
            redis.call("CLIENT", "UNPAUSE");
        }
    }

    @Test
    void aStoreThatIsNotThereCannotBeReached() throws Exception {
        StoreUrl nowhere = StoreUrl.parse("redis://app:hunter2@127.0.0.1:1");
        StoreException e = assertThrows(StoreException.class, () -> new RedisStoreClient(nowhere, TIMEOUT).open());
        assertTrue(e.getMessage().startsWith("store redis://app@127.0.0.1:1/0 cannot be reached (Connection refused"),
                e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void wrongOrMissingCredentialsAreRefusedWithoutShowingThem() throws Exception {
        try (RedisServer locked = RedisServer.withPassword("right-one")) {
            StoreUrl wrong = StoreUrl.parse("redis://:wrong-one@127.0.0.1:" + locked.port());
            StoreException e = assertThrows(StoreException.class, () -> new RedisStoreClient(wrong, TIMEOUT).open());
            assertTrue(e.getMessage().startsWith("store redis://127.0.0.1:" + locked.port()
                    + "/0 refused the credentials (WRONGPASS"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-one"));

            StoreException none = assertThrows(StoreException.class,
                    () -> new RedisStoreClient(url(locked), TIMEOUT).open());
            assertTrue(none.getMessage().contains("NOAUTH"), none.getMessage());

            StoreUrl right = StoreUrl.parse("redis://default:right-one@127.0.0.1:" + locked.port() + "/2");
            try (StoreConnection c = new RedisStoreClient(right, TIMEOUT).open()) {
                assertEquals(4, c.push(new ScopeKeys("locked"), "r", batches(1, 4), null, TIMEOUT));
            }
            // It went to database 2, not 0.
            assertEquals(null, locked.call("GET", "costagent:{locked}:total"));
        }
    }

    @Test
    void tlsMismatchesSayWhichWay(@TempDir Path dir) throws Exception {
        try (RedisServer tls = RedisServer.withTls(RedisServer.TlsFiles.make(dir))) {
            // Plain Redis spoken to the TLS port.
            StoreUrl plainToTls = StoreUrl.parse("redis://127.0.0.1:" + tls.port());
            StoreException e = assertThrows(StoreException.class,
                    () -> new RedisStoreClient(plainToTls, TIMEOUT).open());
            assertTrue(e.getMessage().startsWith("store redis://127.0.0.1:" + tls.port() + "/0 "), e.getMessage());
            assertTrue(e.getMessage().endsWith("if it is a TLS port, use rediss://"), e.getMessage());
            // TLS to a certificate this JVM does not trust (the trusted case runs in its own JVM: FleetTlsIT).
            StoreException untrusted = assertThrows(StoreException.class,
                    () -> new RedisStoreClient(StoreUrl.parse(tls.url()), TIMEOUT).open());
            assertTrue(untrusted.getMessage().contains("failed the TLS handshake"), untrusted.getMessage());
        }
    }

    @Test
    void nextStreamIdIsTheSmallestAfter() {
        assertEquals("1765000000000-1", RedisStoreConnection.next("1765000000000-0"));
        assertEquals("5-10", RedisStoreConnection.next("5-9"));
    }
}
