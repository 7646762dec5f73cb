package dev.costagent.agent.report;

import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.Totals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Sums the ledger's cells into the report's views. */
public final class SnapshotMaker {

    private SnapshotMaker() {
    }

    public static RunSnapshot make(String runId, String workflow, Instant startedAt, Instant endedAt, String status,
                                   BigDecimal budgetUsd, CostLedger ledger, List<String> warnings) {
        List<Map.Entry<CostLedger.Key, Totals>> cells = ledger.cells();
        Totals all = Totals.ZERO;
        for (Map.Entry<CostLedger.Key, Totals> e : cells) {
            all = all.plus(e.getValue());
        }
        return new RunSnapshot(runId, workflow, startedAt.truncatedTo(ChronoUnit.MILLIS),
                endedAt.truncatedTo(ChronoUnit.MILLIS), status, budgetUsd, all,
                group(cells, CostLedger.Key::stage),
                group(cells, CostLedger.Key::model),
                group(cells, CostLedger.Key::provider),
                group(cells, CostLedger.Key::operation),
                unpriced(cells), ledger.unmeteredCalls(), warnings);
    }

    private static Map<String, Totals> group(List<Map.Entry<CostLedger.Key, Totals>> cells,
                                             Function<CostLedger.Key, String> by) {
        Map<String, Totals> out = new TreeMap<>();
        for (Map.Entry<CostLedger.Key, Totals> e : cells) {
            out.merge(by.apply(e.getKey()), e.getValue(), Totals::plus);
        }
        return out;
    }

    private static Map<String, Totals> unpriced(List<Map.Entry<CostLedger.Key, Totals>> cells) {
        Map<String, Totals> out = new TreeMap<>();
        for (Map.Entry<CostLedger.Key, Totals> e : cells) {
            if (!e.getKey().priced()) {
                out.merge(e.getKey().model(), e.getValue(), Totals::plus);
            }
        }
        return out;
    }
}
