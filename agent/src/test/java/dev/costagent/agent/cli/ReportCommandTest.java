package dev.costagent.agent.cli;

import static dev.costagent.agent.cli.CostFolder.groups;
import static dev.costagent.agent.cli.CostFolder.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    @TempDir
    Path dir;

    static final RunView OLD = CostFolder.run("r1", "Pipeline", "2026-11-22T08:00:00Z", 3, "completed", "5",
            groups("ideas", t(1, 54, 432, 0, 2628, "0.016497"), "rank", t(1, 509, 168, 0, 0, "0.001349")),
            groups("claude-sonnet-4-5", t(2, 563, 600, 0, 2628, "0.017846")));
    static final RunView LAST = CostFolder.run("r2", "Pipeline", "2026-11-22T09:00:00Z", 4, "completed", "5",
            groups("ideas", t(1, 54, 432, 0, 2628, "0.016497"), "critique", t(5, 1072, 703, 2584, 0, "0.0007764"),
                    "rank", t(1, 509, 168, 0, 0, "0.001349")),
            groups("claude-sonnet-4-5", t(1, 54, 432, 0, 2628, "0.016497"), "gpt-4o-mini",
                    t(5, 1072, 703, 2584, 0, "0.0007764"), "claude-haiku-4-5", t(1, 509, 168, 0, 0, "0.001349")));

    @BeforeEach
    void folder() throws Exception {
        CostFolder.write(dir.resolve("data"), List.of(OLD, LAST), List.of("r1"));
    }

    @Test
    void theLastRunIsShownAsTablesWithExactMoneyAlignedOnThePointAndTotalsThatAddUp() {
        List<String> lines = CliRun.of("report", dir.resolve("data").toString()).assertOk().lines();
        assertEquals("Run r2 (Pipeline): completed", lines.get(0));
        assertEquals("Started 2026-11-22T09:00:00Z, ended 2026-11-22T09:00:04Z (4.000 s)", lines.get(1));
        assertEquals("Budget $5: used $0.0186224 (0.4%), remaining $4.9813776", lines.get(2));
        int at = lines.indexOf("Stage     calls  input  output  cache read  cache write  cost (USD)   share");
        assertTrue(at > 0, String.join("\n", lines));
        assertEquals(List.of(
                "Stage     calls  input  output  cache read  cache write  cost (USD)   share",
                "ideas         1     54     432           0         2628   0.016497    88.6%",
                "critique      5   1072     703        2584            0   0.0007764    4.2%",
                "rank          1    509     168           0            0   0.001349     7.2%",
                "---------------------------------------------------------------------------",
                "total         7   1635    1303        2584         2628   0.0186224  100.0%"), lines.subList(at, at + 6));
        assertTrue(lines.contains("gpt-4o-mini            5   1072     703        2584            0   0.0007764    4.2%"),
                String.join("\n", lines));
        assertTrue(lines.contains("Unpriced models: none") && lines.contains("Warnings: none"));
    }

    @Test
    void anOlderLogEntryShowsItsStageCostsAndSaysSo() {
        List<String> lines = CliRun.of("report", "--run", "r1", dir.resolve("data").toString()).assertOk().lines();
        assertTrue(lines.contains(ReportText.OLDER_ENTRY), String.join("\n", lines));
        assertTrue(lines.contains("ideas    0.016497   92.4%"), String.join("\n", lines));
        assertTrue(lines.contains("total    0.017846  100.0%"), String.join("\n", lines));
    }

    @Test
    void jsonIsTheReportsOwnFormWithExactDecimals() throws Exception {
        CliRun run = CliRun.of("report", "--json", dir.resolve("data").toString()).assertOk();
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        JsonNode got = json.readTree(run.out());
        JsonNode file = json.readTree(dir.resolve("data/cost_report.json").toFile());
        assertEquals(file, got);
        assertEquals(new BigDecimal("0.0007764"), got.at("/stages/critique/cost_usd").decimalValue());
        assertTrue(run.out().contains("\"cost_usd\" : 0.0007764"), run.out());
    }

    @Test
    void aLogFileOrAReportFileCanBeNamedInsteadOfTheFolder() {
        assertEquals("Run r1 (Pipeline): completed",
                CliRun.of("report", "--run", "r1", dir.resolve("data/cost_log.json").toString()).assertOk().lines().get(0));
        assertEquals("Run r2 (Pipeline): completed",
                CliRun.of("report", dir.resolve("data/cost_report.json").toString()).assertOk().lines().get(0));
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path data = dir.resolve("data");
        assertEquals("cost-agent report: " + dir.resolve("missing") + ": no such folder or file",
                CliRun.of("report", dir.resolve("missing").toString()).assertBadInput());
        Files.createDirectories(dir.resolve("empty"));
        assertTrue(CliRun.of("report", dir.resolve("empty").toString()).assertBadInput()
                .endsWith("empty: holds neither cost_report.json nor cost_log.json (is it the agent's output folder?)"));
        assertEquals("cost-agent report: no run 'nope' in " + data,
                CliRun.of("report", "--run", "nope", data.toString()).assertBadInput());
        Path notJson = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertTrue(CliRun.of("report", notJson.toString()).assertBadInput()
                .startsWith("cost-agent report: " + notJson + ": not a cost log or report: Unrecognized token 'hello'"));
        Path truncated = Files.writeString(dir.resolve("cost_log.json"), "{\"runs\": [ {\"run_id\": \"a\", ");
        assertTrue(CliRun.of("history", truncated.toString()).assertBadInput().contains(" is not a cost log: it is not valid JSON at line 1, column "));
        Path wrong = Files.writeString(dir.resolve("wrong.json"), "{\"runs\": [ {\"run_id\": \"a\", \"total_cost_usd\": \"x\"} ]}");
        // The agent's own history reader reads the log: its words, naming the file, the field and where.
        assertEquals("cost-agent diff: " + wrong.toAbsolutePath() + " holds a run this version cannot read: "
                + "'total_cost_usd' is not a number at line 1, column 47", CliRun.of("diff", "a", "b", wrong.toString()).assertBadInput());
        assertEquals("cost-agent report: Unknown option: '--bogus' (see --help)", CliRun.of("report", "--bogus").assertBadInput());
        assertEquals("cost-agent attach: attach: 'abc' is not a process id", CliRun.of("attach", "abc").assertBadInput());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : List.of(new String[] {"report"}, new String[] {"history"}, new String[] {"diff"},
                new String[] {"html"}, new String[] {"prices"}, new String[] {"prices", "import"},
                new String[] {"prices", "diff"}, new String[] {"attach"}, new String[] {"list"})) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            CliRun run = CliRun.of(args).assertOk();
            assertTrue(run.out().startsWith("Usage: java -jar cost-agent.jar " + String.join(" ", command)), run.out());
        }
        assertTrue(CliRun.of().assertOk().out().contains("report"));
    }
}
