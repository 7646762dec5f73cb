package dev.costagent.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.report.history.CumulativeTotals;
import dev.costagent.agent.report.history.FolderHistory;
import dev.costagent.agent.report.history.HistoryException;
import dev.costagent.agent.store.redis.RedisStoreClient;
import dev.costagent.testing.RedisServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scope's ledger read as a history: its runs oldest first, its totals, an early stop, a store that is not there. */
class StoreHistoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static RedisServer redis;
    private static final List<String> ids = new ArrayList<>();

    @TempDir
    static Path dir;

    /** Three runs of scope "three" through the agent's store, all writing the same folder's log too. */
    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        String[][] stages = {{"ideas", "0.000000000001", "rank", "0.25"}, {"ideas", "1.1", "critique", "0.0003"},
                {"rank", "0.000007"}};
        for (String[] s : stages) {
            FleetRun run = FleetRun.start(dir.resolve("out"), "store", redis.url(), "budget.scope", "three");
            for (int i = 0; i < s.length; i += 2) {
                run.stage(s[i], s[i + 1]);
            }
            run.end();
            ids.add(run.runId());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private static StoreHistory history(String scope) throws StoreUrl.Malformed {
        return new StoreHistory(StoreUrl.parse(redis.url()), TIMEOUT, scope);
    }

    @Test
    void streamsTheScopesRunsOldestFirstWithTheTotalsTheLogKeepsForTheSameRuns() throws Exception {
        List<String> seen = new ArrayList<>();
        CumulativeTotals totals = history("three").scan(r -> seen.add(r.run().runId()));
        assertEquals(ids, seen);
        assertEquals(3, totals.runs());
        assertEquals(new BigDecimal("1.350307000001"), totals.totalUsd());
        assertEquals(Map.of("ideas", new BigDecimal("1.100000000001"), "rank", new BigDecimal("0.250007"),
                "critique", new BigDecimal("0.0003")), totals.stages());
        // The same runs, summed by the log as it wrote them: the same totals, to the picodollar.
        assertEquals(FolderHistory.at(dir.resolve("out")).cumulative(), totals);
        assertEquals(totals, history("three").cumulative());
        assertEquals(ids.get(1), history("three").find(ids.get(1)).orElseThrow().run().runId());
        assertTrue(history("three").find("no-such-run").isEmpty());
        assertEquals(redis.url() + "/0 scope three", history("three").describe());
    }

    @Test
    void anUnknownScopeIsAnEmptyHistory() throws Exception {
        assertEquals(CumulativeTotals.NONE.runs(), history("never-ran").scan(r -> true).runs());
        assertEquals(0, BigDecimal.ZERO.compareTo(history("never-ran").cumulative().totalUsd()));
    }

    @Test
    void aVisitorThatHasSeenEnoughStopsTheReadingOfTheStore() throws Exception {
        // More runs than one page of the ledger (200), pushed as the agent pushes a run's entry.
        byte[][] entry = new byte[1][];
        StoreConnection c = new RedisStoreClient(StoreUrl.parse(redis.url()), TIMEOUT).open();
        try {
            c.readLedger(new ScopeKeys("three"), (id, json) -> entry[0] = json);
            for (int i = 0; i < 450; i++) {
                c.push(new ScopeKeys("many"), "run-" + i, List.of(), entry[0], TIMEOUT);
            }
        } finally {
            c.close();
        }
        long before = xranges();
        int[] visits = {0};
        history("many").scan(r -> ++visits[0] < 2);
        assertEquals(2, visits[0]);
        assertEquals(1, xranges() - before, "one page read, not three");
        visits[0] = 0;
        assertEquals(450, history("many").scan(r -> ++visits[0] > 0).runs());
        assertEquals(450, visits[0]);
        assertEquals(4, xranges() - before);
    }

    @Test
    void aStoreThatCannotBeReadIsAHistoryExceptionNamingItWithoutItsPassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StoreHistory h = new StoreHistory(StoreUrl.parse("redis://:s3cret-pw@127.0.0.1:" + port), TIMEOUT, "three");
        HistoryException e = assertThrows(HistoryException.class, () -> h.scan(r -> true));
        assertEquals("store redis://127.0.0.1:" + port + "/0 cannot be reached", e.getMessage().split(" \\(")[0]);
        assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
        assertFalse(h.describe().contains("s3cret-pw"), h.describe());
    }

    private static long xranges() throws IOException {
        Matcher m = Pattern.compile("cmdstat_xrange:calls=(\\d+)").matcher((String) redis.call("INFO", "commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

}
