package dev.costagent.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import dev.costagent.agent.report.RunSnapshotReader.RunRecord;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run read whole, and as a summary: the same run, the summary without its groups. */
class RunSnapshotReaderTest {

    private static final String ENTRY = """
            {"run_id": "r1", "workflow": "W", "started_at": "2026-12-06T10:00:00Z",
             "ended_at": "2026-12-06T10:00:02Z", "status": "completed", "budget_usd": 5,
             "total_cost_usd": 0.0186224,
             "totals": {"calls": 7, "input_tokens": 1635, "output_tokens": 1303, "cache_read_tokens": 2584,
                        "cache_write_tokens": 2628, "cost_usd": 0.0186224},
             "stages": {"ideas": {"calls": 1, "input_tokens": 54, "output_tokens": 432, "cache_read_tokens": 0,
                                  "cache_write_tokens": 2628, "cost_usd": 0.016497}},
             "models": {"claude-sonnet-4-5": {"calls": 1, "input_tokens": 54, "output_tokens": 432,
                                  "cache_read_tokens": 0, "cache_write_tokens": 2628, "cost_usd": 0.016497}},
             "providers": {}, "operations": {}, "unpriced_models": {}, "unmetered_calls": 2,
             "warnings": ["a call cost more than $1.00"],
             "costs": {"ideas": 0.016497}, "scope": {"name": "nightly"}}
            """;

    private static RunRecord read(boolean whole) throws IOException {
        try (JsonParser p = RunSnapshotJson.JSON.createParser(ENTRY)) {
            p.nextToken();
            return whole ? RunSnapshotReader.read(p) : RunSnapshotReader.readSummary(p);
        }
    }

    @Test
    void aSummaryIsTheRunWithoutItsGroups() throws IOException {
        RunRecord whole = read(true);
        RunRecord summary = read(false);
        assertEquals(1, whole.run().stages().size());
        assertEquals(1, whole.run().models().size());
        assertEquals(List.of("a call cost more than $1.00"), whole.run().warnings());

        assertTrue(summary.run().stages().isEmpty() && summary.run().models().isEmpty()
                && summary.run().warnings().isEmpty(), "groups skipped");
        assertEquals(whole.run().runId(), summary.run().runId());
        assertEquals(whole.run().startedAt(), summary.run().startedAt());
        assertEquals(whole.run().endedAt(), summary.run().endedAt());
        assertEquals(whole.run().status(), summary.run().status());
        assertEquals(whole.run().budgetUsd(), summary.run().budgetUsd());
        assertEquals(whole.run().totals(), summary.run().totals());
        assertEquals(18_622_400_000L, summary.run().totals().picos());
        assertEquals(whole.run().unmeteredCalls(), summary.run().unmeteredCalls());
        assertEquals(Map.of("ideas", new BigDecimal("0.016497")), summary.costs());
        assertEquals(whole.run().sections(), summary.run().sections(), "the sections of newer versions stay");
        assertEquals(whole.detailed(), summary.detailed());
    }
}
