package dev.costagent.agent.export.prometheus.client;

import dev.costagent.agent.export.Dollars;
import dev.costagent.agent.export.LabelCap;
import dev.costagent.agent.export.LiveFigures;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The run's metrics, made from the ledger's cells at each scrape (docs/observability.md lists them). Money is exact
 * up to here and a {@code double} of dollars only in the snapshot.
 *
 * <p>Label values pass through a {@link LabelCap} each: cells whose stage, model or operation is beyond the cap are
 * summed into the {@code other} series, so the series count stays bounded whatever names the program makes.
 *
 * <p>Thread-safety: safe; scrapes may run on several of the server's threads at once.
 */
final class LedgerMetrics implements MultiCollector {

    private static final Unit USD = new Unit("usd");
    private static final String[] CELL_LABELS = {"stage", "model", "provider", "operation"};
    private static final String[] TOKEN_LABELS = {"model", "type"};
    private static final String[] TOKEN_TYPES = {"input", "output", "cache_read", "cache_write"};

    private static final MetricMetadata COST = new MetricMetadata("costagent_cost_usd",
            "Spend in US dollars, by stage, model, provider and operation", USD);
    private static final MetricMetadata CALLS = new MetricMetadata("costagent_calls",
            "LLM calls recorded, by stage, model, provider and operation");
    private static final MetricMetadata TOKENS = new MetricMetadata("costagent_tokens",
            "Tokens by model and type (input, output, cache_read, cache_write; the types never overlap)");
    private static final MetricMetadata UNMETERED = new MetricMetadata("costagent_unmetered_calls",
            "Calls whose response had no readable token usage (not priced)");
    private static final MetricMetadata BUDGET = new MetricMetadata("costagent_budget_usd",
            "The budget in force, in US dollars (absent without a budget)", USD);
    private static final MetricMetadata REMAINING = new MetricMetadata("costagent_budget_remaining_usd",
            "The budget less what counts against it, in US dollars; negative once over it (absent without a budget)",
            USD);
    private static final MetricMetadata STATUS = new MetricMetadata("costagent_run_status",
            "1 for the run's status (running, completed, budget_exceeded, failed), 0 for the others");
    private static final MetricMetadata INFO = new MetricMetadata("costagent_run_info",
            "Always 1: the run's id and workflow as labels");

    private final LiveFigures run;
    private final LabelCap stages;
    private final LabelCap models;
    private final LabelCap operations;

    LedgerMetrics(LiveFigures run, Logger log) {
        this.run = run;
        this.stages = new LabelCap("stage", LabelCap.DEFAULT, log);
        this.models = new LabelCap("model", LabelCap.DEFAULT, log);
        this.operations = new LabelCap("operation", LabelCap.DEFAULT, log);
    }

    @Override
    public MetricSnapshots collect() {
        Map<List<String>, Totals> cells = new LinkedHashMap<>();
        Map<String, Totals> byModel = new LinkedHashMap<>();
        for (Map.Entry<CostLedger.Key, Totals> e : run.ledger().cells()) {
            CostLedger.Key k = e.getKey();
            String model = models.apply(k.model());
            cells.merge(List.of(stages.apply(k.stage()), model, k.provider(), operations.apply(k.operation())),
                    e.getValue(), Totals::plus);
            byModel.merge(model, e.getValue(), Totals::plus);
        }
        List<MetricSnapshot> out = new ArrayList<>();
        List<CounterDataPointSnapshot> cost = new ArrayList<>();
        List<CounterDataPointSnapshot> calls = new ArrayList<>();
        for (Map.Entry<List<String>, Totals> e : cells.entrySet()) {
            Labels labels = Labels.of(CELL_LABELS, e.getKey().toArray(new String[0]));
            cost.add(counter(labels, Dollars.of(e.getValue().picos())));
            calls.add(counter(labels, e.getValue().calls()));
        }
        out.add(new CounterSnapshot(COST, cost));
        out.add(new CounterSnapshot(CALLS, calls));
        List<CounterDataPointSnapshot> tokens = new ArrayList<>();
        for (Map.Entry<String, Totals> e : byModel.entrySet()) {
            Totals t = e.getValue();
            long[] counts = {t.input(), t.output(), t.cacheRead(), t.cacheWrite()};
            for (int i = 0; i < TOKEN_TYPES.length; i++) {
                tokens.add(counter(Labels.of(TOKEN_LABELS, new String[] {e.getKey(), TOKEN_TYPES[i]}), counts[i]));
            }
        }
        out.add(new CounterSnapshot(TOKENS, tokens));
        out.add(new CounterSnapshot(UNMETERED, List.of(counter(Labels.EMPTY, run.ledger().unmeteredCalls()))));
        BigDecimal budget = run.budgetUsd();
        Long remaining = run.remainingPicos();
        if (budget != null && remaining != null) {
            out.add(new GaugeSnapshot(BUDGET, List.of(gauge(Labels.EMPTY, Dollars.of(Money.picos(budget))))));
            out.add(new GaugeSnapshot(REMAINING, List.of(gauge(Labels.EMPTY, Dollars.of(remaining)))));
        }
        String status = run.status();
        List<GaugeDataPointSnapshot> statuses = new ArrayList<>();
        for (String s : LiveFigures.STATUSES) {
            statuses.add(gauge(Labels.of("status", s), s.equals(status) ? 1 : 0));
        }
        out.add(new GaugeSnapshot(STATUS, statuses));
        out.add(new GaugeSnapshot(INFO, List.of(gauge(Labels.of("run_id", run.runId(), "workflow", run.workflow()), 1))));
        return new MetricSnapshots(out);
    }

    private static CounterDataPointSnapshot counter(Labels labels, double value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
