package dev.costagent.agent.cli;

import dev.costagent.agent.report.RunSnapshotReader.RunRecord;
import dev.costagent.agent.report.history.CumulativeTotals;
import dev.costagent.agent.report.history.HistoryException;
import dev.costagent.agent.report.history.RunHistory;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link RunSource} over the agent's own history reader ({@link RunHistory}: a folder's log and its archives),
 * and the folder's {@code cost_report.json} when there is one. Every run is read by the agent's one run reader
 * ({@code RunSnapshotReader}), so the command line reads exactly what the agent wrote, archived runs included.
 */
final class HistorySource implements RunSource {

    private final String name;
    /** Null for a report on its own. */
    private final RunHistory history;
    /** Null without a {@code cost_report.json}. */
    private final RunView report;

    HistorySource(String name, RunHistory history, RunView report) {
        this.name = name;
        this.history = history;
        this.report = report;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public RunView latestReport() {
        return report;
    }

    @Override
    public CumulativeView scan(Consumer<RunView> eachRun) throws CliException {
        return scan(eachRun, true);
    }

    @Override
    public CumulativeView scanSummaries(Consumer<RunView> eachRun) throws CliException {
        return scan(eachRun, false);
    }

    private CumulativeView scan(Consumer<RunView> eachRun, boolean groups) throws CliException {
        if (history == null) {
            // A report on its own is a history of one run.
            eachRun.accept(report);
            return new CumulativeView(1, report.costPicos(), java.util.Map.of(), java.util.Map.of(), java.util.Map.of());
        }
        RunHistory.RunVisitor each = r -> {
            eachRun.accept(RunView.of(r));
            return true;
        };
        try {
            return CumulativeView.of(groups ? history.scan(each) : history.scanSummaries(each));
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    @Override
    public RunView find(String runId) throws CliException {
        if (report != null && report.runId().equals(runId)) {
            return report;
        }
        if (history == null) {
            return null;
        }
        try {
            Optional<RunRecord> r = history.find(runId);
            return r.map(RunView::of).orElse(null);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private CliException unreadable(IOException e) {
        if (e instanceof HistoryException) {
            return new CliException(e.getMessage(), e);
        }
        return new CliException(history.describe() + ": cannot be read: " + e.getMessage(), e);
    }
}
