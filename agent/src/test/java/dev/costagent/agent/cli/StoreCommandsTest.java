package dev.costagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costagent.agent.store.FleetRun;
import dev.costagent.testing.RedisServer;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report}, {@code history}, {@code diff} and {@code html} with {@code --store --scope}: a scope's ledger in a
 * real redis-server, its runs put there by the agent's own store code (one {@link FleetRun} each).
 */
class StoreCommandsTest {

    private static final String PASSWORD = "pw-9f3Kq!x";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static RedisServer redis;
    private static RedisServer guarded;
    private static final List<String> ids = new ArrayList<>();
    private static String soloRun;
    private static String guardedRun;

    @TempDir
    static Path dir;

    /** Scope nightly: three runs; a run without a scope (filed under its workflow); a run on a guarded server. */
    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        guarded = RedisServer.withPassword(PASSWORD);
        String[][] stages = {{"ideas", "0.5", "rank", "0.000000000003"}, {"ideas", "0.25", "critique", "0.0001"},
                {"rank", "1.000000000001"}};
        for (String[] s : stages) {
            ids.add(run(redis.url(), "nightly", s));
        }
        soloRun = run(redis.url(), null, new String[] {"solo", "0.02"});
        guardedRun = run("redis://:" + PASSWORD + "@127.0.0.1:" + guarded.port(), "guarded",
                new String[] {"ideas", "0.07"});
    }

    private static String run(String store, String scope, String[] stages) throws Exception {
        FleetRun run = scope == null ? FleetRun.start(dir.resolve("out"), "store", store)
                : FleetRun.start(dir.resolve("out"), "store", store, "budget.scope", scope);
        for (int i = 0; i < stages.length; i += 2) {
            run.stage(stages[i], stages[i + 1]);
        }
        run.end();
        return run.runId();
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (guarded != null) {
            guarded.close();
        }
    }

    private static String store() {
        return redis.url() + "/0";
    }

    @Test
    void historyListsEachRunOfTheScopeOnceWithTheirExactSum() throws Exception {
        CliRun r = CliRun.of("history", "--store", redis.url(), "--scope", "nightly", "--last", "0").assertOk();
        for (String id : ids) {
            assertEquals(1, r.lines().stream().filter(l -> l.startsWith(id + " ")).count(), r::toString);
        }
        assertEquals(3 + 1, r.lines().indexOf(""), "the header and one line per run: " + r);
        assertFalse(r.out().contains(soloRun), r::toString);
        assertTrue(r.lines().contains("Cumulative: 3 runs, $1.750100000004"), r::toString);
        assertTrue(r.lines().contains("  by workflow: FleetRun $1.750100000004"), r::toString);

        JsonNode j = JSON.readTree(CliRun.of("history", "--store", redis.url(), "--scope", "nightly", "--json")
                .assertOk().out());
        BigDecimal sum = BigDecimal.ZERO;
        List<String> listed = new ArrayList<>();
        for (JsonNode run : j.get("runs")) {
            listed.add(run.get("run_id").asText());
            sum = sum.add(run.get("total_cost_usd").decimalValue());
        }
        assertEquals(ids, listed);
        BigDecimal total = j.get("cumulative").get("total_cost_usd").decimalValue();
        assertEquals(new BigDecimal("1.750100000004"), total);
        assertEquals(0, sum.compareTo(total));
        assertEquals(3, j.get("cumulative").get("runs").asInt());
        assertEquals(0, new BigDecimal("1.000000000004").compareTo(
                j.get("cumulative").get("stages").get("rank").decimalValue()));
    }

    @Test
    void runsWithoutAScopeAreReadUnderTheirWorkflowsName() {
        CliRun r = CliRun.of("history", "--store", redis.url(), "--scope", "FleetRun").assertOk();
        assertTrue(r.out().contains(soloRun), r::toString);
        assertTrue(r.lines().contains("Cumulative: 1 runs, $0.02"), r::toString);
    }

    @Test
    void reportShowsTheScopesLastRunOrTheOneGiven() {
        CliRun last = CliRun.of("report", "--store", redis.url(), "--scope", "nightly").assertOk();
        assertEquals("Run " + ids.get(2) + " (FleetRun): completed", last.lines().get(0), last::toString);
        CliRun given = CliRun.of("report", "--store", redis.url(), "--scope", "nightly", "--run", ids.get(1))
                .assertOk();
        assertEquals("Run " + ids.get(1) + " (FleetRun): completed", given.lines().get(0), given::toString);
        assertTrue(given.lines().stream().anyMatch(l -> l.startsWith("critique ") && l.contains("0.0001")),
                given::toString);
        assertTrue(given.lines().stream().anyMatch(l -> l.startsWith("total ") && l.contains("0.2501")),
                given::toString);
    }

    @Test
    void diffComparesTwoRunsOfTheScope() {
        CliRun r = CliRun.of("diff", ids.get(0), ids.get(2), "--store", redis.url(), "--scope", "nightly").assertOk();
        assertTrue(r.lines().get(0).startsWith("A: " + ids.get(0) + " (FleetRun, completed"), r::toString);
        assertTrue(r.lines().get(1).startsWith("B: " + ids.get(2) + " (FleetRun, completed"), r::toString);
        assertEquals("Change: +$0.499999999998 (+100.0%)", r.lines().get(2), r::toString);
        assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("ideas ") && l.contains("only in A")),
                r::toString);
    }

    @Test
    void htmlWritesThePageOfTheScope() throws Exception {
        Path page = dir.resolve("page.html");
        CliRun.of("html", "-o", page.toString(), "--store", redis.url(), "--scope", "nightly").assertOk();
        String html = Files.readString(page, StandardCharsets.UTF_8);
        for (String s : List.of("rank", ids.get(0), ids.get(1), ids.get(2), "1.750100000004")) {
            assertTrue(html.contains(s), s);
        }
        assertFalse(html.contains(soloRun));
    }

    @Test
    void aStoreWithoutAScopeOrAScopeWithoutAStoreOrWithAFolderIsRefused() {
        assertEquals("cost-agent history: --store needs --scope NAME, the scope whose ledger to read (runs without a "
                + "scope are filed under their workflow's name)", CliRun.of("history", "--store", redis.url())
                .assertBadInput());
        assertEquals("cost-agent report: --scope nightly needs a store: --store redis://host:6379, or COSTAGENT_STORE",
                CliRun.of("report", "--scope", "nightly").assertBadInput());
        assertEquals("cost-agent diff: give a folder (data) or --scope nightly, not both",
                CliRun.of("diff", "a", "b", "data", "--store", redis.url(), "--scope", "nightly").assertBadInput());
        assertEquals("cost-agent html: give a folder (out) or --scope nightly, not both",
                CliRun.of("html", "--store", redis.url(), "--scope", "nightly", "out").assertBadInput());
    }

    @Test
    void aMalformedUrlOrScopeIsOneLineWithoutThePassword() {
        String port = bad(PASSWORD, "history", "--store", "redis://:" + PASSWORD + "@127.0.0.1:0", "--scope", "n");
        assertEquals("cost-agent history: invalid configuration: store='redis://:***@127.0.0.1:0' (from --store): "
                + "expected a port from 1 to 65535", port);
        assertTrue(bad(PASSWORD, "report", "--store", "http://" + PASSWORD + "@host", "--scope", "n")
                .endsWith("expected the scheme redis:// or rediss:// (TLS), not http://"));
        assertEquals("cost-agent history: invalid configuration: budget.scope='a{b' (from --scope): expected a name "
                + "without spaces, control characters or braces",
                bad(PASSWORD, "history", "--store", redis.url(), "--scope", "a{b"));
    }

    @Test
    void aStoreThatCannotBeReachedOrRefusesThePasswordIsOneLineWithoutIt() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        String down = bad(PASSWORD, "history", "--store", "redis://:" + PASSWORD + "@127.0.0.1:" + free, "--scope",
                "nightly");
        assertTrue(down.startsWith("cost-agent history: store redis://127.0.0.1:" + free + "/0 cannot be reached ("),
                down);
        String wrong = bad("not-" + PASSWORD, "diff", "a", "b", "--store", "redis://:not-" + PASSWORD + "@127.0.0.1:"
                + guarded.port(), "--scope", "guarded");
        assertTrue(wrong.startsWith("cost-agent diff: store redis://127.0.0.1:" + guarded.port()
                + "/0 refused the credentials ("), wrong);
        String none = bad(PASSWORD, "report", "--store", guarded.url(), "--scope", "guarded");
        assertTrue(none.startsWith("cost-agent report: store redis://127.0.0.1:" + guarded.port()
                + "/0 refused the credentials (NOAUTH"), none);
    }

    @Test
    void anEmptyScopeOrAnUnknownRunIsOneLineNamingTheScopeAndStore() {
        String html = dir.resolve("never.html").toString();
        for (String[] args : List.of(new String[] {"report"}, new String[] {"history"},
                new String[] {"html", "-o", html}, new String[] {"diff", "a", "b"})) {
            List<String> a = new ArrayList<>(List.of(args));
            a.addAll(List.of("--store", redis.url(), "--scope", "never-ran"));
            assertEquals("cost-agent " + args[0] + ": no runs in scope never-ran at " + store(),
                    bad(PASSWORD, a.toArray(String[]::new)));
        }
        assertFalse(Files.exists(Path.of(html)));
        assertEquals("cost-agent report: no run 'r-unknown' in " + store() + " scope nightly",
                bad(PASSWORD, "report", "--store", redis.url(), "--scope", "nightly", "--run", "r-unknown"));
    }

    /** The password of the environment, in a JVM of its own, since this one's environment is fixed. */
    @Test
    void thePasswordComesFromTheEnvironmentAndIsNeverPrinted() throws Exception {
        String url = "redis://127.0.0.1:" + guarded.port();
        Forked ok = fork(Map.of("COSTAGENT_STORE", url, "COSTAGENT_STORE_PASSWORD", PASSWORD),
                "history", "--scope", "guarded");
        assertEquals(0, ok.exit, ok::toString);
        assertTrue(ok.out.contains(guardedRun) && ok.out.contains("Cumulative: 1 runs, $0.07"), ok::toString);
        Forked wrong = fork(Map.of("COSTAGENT_STORE", url, "COSTAGENT_STORE_PASSWORD", "x" + PASSWORD),
                "report", "--scope", "guarded");
        assertEquals(2, wrong.exit, wrong::toString);
        assertEquals("", wrong.out, wrong::toString);
        assertEquals(1, wrong.err.strip().split("\n").length, wrong::toString);
        assertTrue(wrong.err.startsWith("cost-agent report: store " + url + "/0 refused the credentials ("),
                wrong::toString);
        assertFalse(wrong.err.contains(PASSWORD), wrong::toString);
    }

    /** A bad command line: exit 2, one line, no stack trace, and {@code secret} nowhere. */
    private static String bad(String secret, String... args) {
        CliRun r = CliRun.of(args);
        String line = r.assertBadInput();
        assertFalse(r.err().contains(secret), r::toString);
        return line;
    }

    private record Forked(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private static Forked fork(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Cli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("COSTAGENT_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the command line did not end within 60 s");
        }
        return new Forked(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
