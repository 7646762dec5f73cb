package dev.costagent.agent.report;

import dev.costagent.agent.events.BudgetStop;
import dev.costagent.agent.events.RunListener;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.report.history.CostLogStore;
import dev.costagent.agent.value.Money;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Writes the run's {@code cost_report.json} and its entry in {@code cost_log.json}: at a budget stop and when
 * the run ends. It is the first {@link RunListener}. A second write with nothing new since the first is skipped, so
 * a run's files are written once per event; when something did change (calls after a budget stop), the report is
 * rewritten and the log entry replaced, never added twice.
 *
 * <p>When the log cannot be written, the write is tried once more at once (unless it waited its full time for the
 * lock already), and then the run's entry is kept in the log's spool, which the next write of the log merges
 * ({@link CostLogStore#spool}). When a file cannot be saved at all (a folder that cannot be created or written, a
 * full disk), one WARN names the files and why, the existing files are left as they were, and the report is printed
 * to standard error so that the run's figures are not lost. A later write of the same figures (the exit after a
 * budget stop) tries again, quietly: it logs the usual line if it succeeds and nothing if it fails again.
 *
 * <p>Thread-safety: {@link #write} is synchronized.
 */
public final class RunReporter implements RunListener {

    public static final String REPORT_FILE = "cost_report.json";
    public static final String LOG_FILE = CostLogStore.FILE_NAME;

    private final Supplier<RunSnapshot> snapshots;
    private final Path outDir;
    private final CostLogStore logStore;
    private final FileReplacer files;
    private final Logger log;
    private final PrintStream console;
    /** What the last successful write said, apart from its end time; a write that would say the same is skipped. */
    private Object lastWritten;
    /** What the last failed write said; the same failure is not reported twice. */
    private Object lastFailed;
    /** Why the last write of the log failed, when its entry went to the spool instead. */
    private String spoolReason;

    public RunReporter(Supplier<RunSnapshot> snapshots, Path outDir, Logger log) {
        this(snapshots, outDir, CostLogStore.DEFAULT_KEEP, log);
    }

    /** @param logKeep how many runs {@code cost_log.json} keeps before the oldest move to its archive */
    public RunReporter(Supplier<RunSnapshot> snapshots, Path outDir, int logKeep, Logger log) {
        this(snapshots, outDir, log, new CostLogStore(outDir.resolve(LOG_FILE), logKeep, log), FileReplacer.ATOMIC,
                System.err);
    }

    /**
     * @param snapshots the run as it stands, taken at a budget stop
     * @param logStore  keeps {@code cost_log.json}
     * @param files     how {@code cost_report.json} is replaced
     * @param console   where the report goes when it cannot be saved
     */
    public RunReporter(Supplier<RunSnapshot> snapshots, Path outDir, Logger log, CostLogStore logStore,
                       FileReplacer files, PrintStream console) {
        this.snapshots = snapshots;
        this.outDir = outDir;
        this.log = log;
        this.logStore = logStore;
        this.files = files;
        this.console = console;
    }

    public Path reportFile() {
        return outDir.resolve(REPORT_FILE).toAbsolutePath().normalize();
    }

    /** The budget stopped the run: its files are written at once, as the program may never end normally. */
    @Override
    public void budgetStopped(BudgetStop stop) {
        write();
    }

    @Override
    public void runEnded(RunSnapshot run) {
        write(run);
    }

    /** Writes both files with the run as it stands now. Never throws. */
    public void write() {
        write(snapshots.get());
    }

    /** Writes both files, unless nothing changed since the last write. Never throws. */
    public synchronized void write(RunSnapshot s) {
        try {
            writeOnce(s);
        } catch (RuntimeException | Error e) {
            // A fault of the agent's own (out of memory while rendering, a bug): the program must end regardless.
            try {
                log.warn("could not write the run's cost files", e);
            } catch (RuntimeException | Error ignored) {
                // Nothing is left to report through.
            }
        }
    }

    private void writeOnce(RunSnapshot s) {
        Object content = List.of(s.status(), s.totals(), s.stages(), s.models(), s.operations(), s.unpriced(),
                s.unmeteredCalls(), s.warnings(), s.budgetChanges(), s.sections());
        if (Objects.equals(content, lastWritten)) {
            return;
        }
        byte[] json = RunSnapshotJson.render(s);
        List<String> failures = new ArrayList<>(2);
        Path report = reportFile();
        try {
            files.replace(report, json);
        } catch (IOException | RuntimeException e) {
            failures.add(report + " (" + describe(e) + ")");
        }
        Path spooled = null;
        try {
            spooled = writeLog(s);
        } catch (IOException | RuntimeException e) {
            failures.add(logStore.file() + " (" + describe(e) + ")");
        }
        if (failures.isEmpty() && spooled != null) {
            if (!Objects.equals(content, lastFailed)) {
                lastFailed = content;
                log.warn("could not save the run's entry to {} ({}); it is kept in {}, which the next write of the "
                        + "log merges", logStore.file(), spoolReason, spooled);
            }
            return;
        }
        if (failures.isEmpty()) {
            lastWritten = content;
            lastFailed = null;
            log.info("Run {} cost ${} ({}): report {}", s.runId(),
                    s.totals().picos() == 0 ? "0" : Money.usd(s.totals().picos()).toPlainString(), s.status(), report);
            return;
        }
        if (Objects.equals(content, lastFailed)) {
            return;
        }
        lastFailed = content;
        log.warn("could not save the run's costs to {}; existing files are left as they were, and the report "
                + "follows on standard error{}", String.join(" nor to ", failures), spooled == null ? ""
                : " (its log entry is kept in " + spooled + ", which the next write of the log merges)");
        console.println("[cost-agent] the report of run " + s.runId() + ", which could not be saved:");
        console.print(new String(json, StandardCharsets.UTF_8));
        console.flush();
    }

    /**
     * Writes the run's log entry, trying once more at once when the first attempt fails for another reason than a
     * lock held too long (which was a long wait already); then keeps it in the spool.
     *
     * @return null when the log was written, else the spool file that holds the entry
     * @throws IOException when neither the log nor the spool could be written (the log's own failure)
     */
    private Path writeLog(RunSnapshot s) throws IOException {
        IOException failure;
        try {
            logStore.write(s);
            return null;
        } catch (IOException e) {
            failure = e;
        }
        if (!CostLogStore.isLockTimeout(failure)) {
            try {
                logStore.write(s);
                return null;
            } catch (IOException again) {
                failure = again;
            }
        }
        try {
            Path spooled = logStore.spool(s);
            spoolReason = describe(failure);
            return spooled;
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            throw failure;
        }
    }

    /** The reason in a few words: the path is already named by the caller. */
    static String describe(Exception e) {
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) {
                return f.getReason();
            }
            if (e instanceof FileAlreadyExistsException) {
                return "a file is in the way: " + f.getFile();
            }
            if (e instanceof NoSuchFileException) {
                return "no such file or folder: " + f.getFile();
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied: " + f.getFile();
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ");
    }
}
