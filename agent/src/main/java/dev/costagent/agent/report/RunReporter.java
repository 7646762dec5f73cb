package dev.costagent.agent.report;

import dev.costagent.agent.ledger.BudgetGuard;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.Warnings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Writes the run's {@code cost_report.json} and its entry in {@code cost_log.json}: at a budget stop and when
 * the JVM ends. A second write with nothing new since the first is skipped, so a run's files are written once
 * per event; when something did change (calls after a budget stop), the report is rewritten and the log entry
 * replaced, never added twice.
 *
 * <p>When a file cannot be written, one WARN names it, the existing data is left as it was, and the report is
 * printed to standard error so the run's figures are not lost.
 *
 * <p>Thread-safety: {@link #write} is synchronized.
 */
public final class RunReporter {

    public static final String REPORT_FILE = "cost_report.json";
    public static final String LOG_FILE = "cost_log.json";

    private final String runId;
    private final Supplier<String> workflow;
    private final Instant startedAt;
    private final Path outDir;
    private final CostLedger ledger;
    private final BudgetGuard guard;
    private final Warnings warnings;
    private final CostLogStore logStore;
    private final Clock clock;
    private final Logger log;
    /** What the last successful write said, apart from its end time; a write that would say the same is skipped. */
    private Object lastWritten;

    public RunReporter(String runId, Supplier<String> workflow, Instant startedAt, Path outDir, CostLedger ledger,
                       BudgetGuard guard, Warnings warnings, Clock clock, Logger log) {
        this.runId = runId;
        this.workflow = workflow;
        this.startedAt = startedAt;
        this.outDir = outDir;
        this.ledger = ledger;
        this.guard = guard;
        this.warnings = warnings;
        this.clock = clock;
        this.log = log;
        this.logStore = new CostLogStore(outDir.resolve(LOG_FILE), log);
    }

    public String runId() {
        return runId;
    }

    public Path reportFile() {
        return outDir.resolve(REPORT_FILE);
    }

    public Path logFile() {
        return logStore.file();
    }

    /** Writes both files, unless nothing changed since the last write. Never throws. */
    public synchronized void write() {
        RunSnapshot s;
        try {
            s = snapshot();
        } catch (RuntimeException e) {
            log.warn("could not assemble the cost report", e);
            return;
        }
        Object content = List.of(s.status(), s.totals(), s.stages(), s.models(), s.operations(), s.unpriced(),
                s.unmeteredCalls(), s.warnings());
        if (Objects.equals(content, lastWritten)) {
            return;
        }
        byte[] json = ReportJson.render(s);
        boolean ok = true;
        Path report = reportFile();
        try {
            AtomicFiles.write(report, json);
        } catch (IOException | RuntimeException e) {
            ok = false;
            log.warn("could not write {}: {}", report.toAbsolutePath(), describe(e));
        }
        try {
            logStore.write(s);
        } catch (IOException | RuntimeException e) {
            ok = false;
            log.warn("could not update {}: {} (the existing log is unchanged)", logStore.file(), describe(e));
        }
        if (ok) {
            lastWritten = content;
            log.info("Run {} cost ${} ({}): report {}", runId, s.totals().picos() == 0 ? "0"
                    : dev.costagent.agent.pricing.Money.usd(s.totals().picos()).toPlainString(), s.status(),
                    report.toAbsolutePath());
        } else {
            System.err.println("[cost-agent] the run's report, which could not be saved:");
            System.err.println(new String(json, StandardCharsets.UTF_8));
        }
    }

    RunSnapshot snapshot() {
        BigDecimal budget = guard.budgetUsd();
        return SnapshotMaker.make(runId, workflow.get(), startedAt, clock.instant(), guard.status().json(), budget,
                ledger, warnings.list());
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
