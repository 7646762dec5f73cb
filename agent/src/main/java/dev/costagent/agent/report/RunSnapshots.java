package dev.costagent.agent.report;

import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.Warnings;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.value.Totals;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Takes the run's {@link RunSnapshot}: sums the ledger's cells into the report's views and asks the integrations for
 * their sections.
 *
 * <p>Thread-safety: safe; sections are added while the agent installs.
 */
public final class RunSnapshots implements Supplier<RunSnapshot> {

    private final String runId;
    private final Supplier<String> workflow;
    private final Instant startedAt;
    private final Clock clock;
    private final CostLedger ledger;
    private final BudgetGuard guard;
    private final Warnings warnings;
    private final Faults faults;
    private final List<ReportSection> sections = new CopyOnWriteArrayList<>();

    /**
     * @param workflow the workflow's name, asked for at each snapshot (the main class is known only once main runs)
     */
    public RunSnapshots(String runId, Supplier<String> workflow, Instant startedAt, Clock clock, CostLedger ledger,
                        BudgetGuard guard, Warnings warnings, Faults faults) {
        this.runId = runId;
        this.workflow = workflow;
        this.startedAt = startedAt;
        this.clock = clock;
        this.ledger = ledger;
        this.guard = guard;
        this.warnings = warnings;
        this.faults = faults;
    }

    public String runId() {
        return runId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The workflow's name as it stands now. */
    public String workflow() {
        return workflow.get();
    }

    /** Adds a section to every snapshot taken from now on. */
    public void addSection(ReportSection section) {
        sections.add(section);
    }

    /** The run as it stands now. */
    @Override
    public RunSnapshot get() {
        List<Map.Entry<CostLedger.Key, Totals>> cells = ledger.cells();
        Totals all = Totals.ZERO;
        for (Map.Entry<CostLedger.Key, Totals> e : cells) {
            all = all.plus(e.getValue());
        }
        return new RunSnapshot(runId, workflow.get(), startedAt.truncatedTo(ChronoUnit.MILLIS),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), guard.status().json(), guard.budgetUsd(),
                guard.changes(), all, group(cells, STAGE), group(cells, MODEL), group(cells, PROVIDER),
                group(cells, OPERATION), unpriced(cells), ledger.unmeteredCalls(), warnings.list(), sections());
    }

    private Map<String, Object> sections() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ReportSection s : sections) {
            try {
                Object value = s.value();
                if (value != null) {
                    out.put(s.name(), value);
                }
            } catch (RuntimeException | Error e) {
                // One integration's fault leaves its section out, never the run's report.
                faults.report("taking the report section '" + s.name() + "'", e);
            }
        }
        return out;
    }

    // The report's groupings, as numbers rather than method references: this runs at the host's exit.
    private static final int STAGE = 0;
    private static final int MODEL = 1;
    private static final int PROVIDER = 2;
    private static final int OPERATION = 3;

    /** Names in the order their cells were made, which is the order they first spent. */
    private static Map<String, Totals> group(List<Map.Entry<CostLedger.Key, Totals>> cells, int by) {
        Map<String, Totals> out = new LinkedHashMap<>();
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
        Map<String, Totals> out = new LinkedHashMap<>();
        for (Map.Entry<CostLedger.Key, Totals> e : cells) {
            if (!e.getKey().priced()) {
                add(out, e.getKey().model(), e.getValue());
            }
        }
        return out;
    }
}
