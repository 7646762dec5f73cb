package dev.costagent.agent.report;

import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.value.Totals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
                group(cells, STAGE),
                group(cells, MODEL),
                group(cells, PROVIDER),
                group(cells, OPERATION),
                unpriced(cells), ledger.unmeteredCalls(), warnings);
    }

    // The report's groupings, as numbers rather than method references: this runs once, at the host's exit, where
    // every lambda's first use would spin a class.
    private static final int STAGE = 0;
    private static final int MODEL = 1;
    private static final int PROVIDER = 2;
    private static final int OPERATION = 3;

    private static Map<String, Totals> group(List<Map.Entry<CostLedger.Key, Totals>> cells, int by) {
        Map<String, Totals> out = new TreeMap<>();
        for (Map.Entry<CostLedger.Key, Totals> e : cells) {
            CostLedger.Key k = e.getKey();
            add(out, switch (by) {
                case STAGE -> k.stage();
                case MODEL -> k.model();
                case PROVIDER -> k.provider();
                default -> k.operation();
            }, e.getValue());
        }
        return out;
    }

    private static void add(Map<String, Totals> out, String key, Totals t) {
        Totals known = out.get(key);
        out.put(key, known == null ? t : known.plus(t));
    }

    private static Map<String, Totals> unpriced(List<Map.Entry<CostLedger.Key, Totals>> cells) {
        Map<String, Totals> out = new TreeMap<>();
        for (Map.Entry<CostLedger.Key, Totals> e : cells) {
            if (!e.getKey().priced()) {
                add(out, e.getKey().model(), e.getValue());
            }
        }
        return out;
    }
}
