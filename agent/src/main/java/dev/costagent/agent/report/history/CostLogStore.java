package dev.costagent.agent.report.history;

import dev.costagent.agent.config.ConfigLoader;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.report.AtomicFiles;
import dev.costagent.agent.report.FileReplacer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Keeps {@code cost_log.json}: the most recent runs, one entry each (the run's whole report object and its
 * {@code costs}), and cumulative totals over every run ever recorded, archived or not (SPEC section 4). Older runs
 * move to {@code cost_log.archive/} ({@link Archives}); {@link FolderHistory} reads both.
 *
 * <p>A run's exit must not cost more as the history grows, so the log holds at most {@code keep} runs and is
 * usually updated without being parsed ({@link IndexedUpdate}); when it is not exactly what this version last wrote,
 * Jackson parses it as the truth ({@link ParsedUpdate}), which also judges whether it is a cost log at all.
 *
 * <p>Several JVMs may end at once: each update holds an exclusive lock ({@link LogLock}) for the whole
 * read-modify-write, archiving included, and replaces the log atomically, so no run is lost and a reader never sees
 * half a file. A crash at any moment leaves each run in the log or in an archive, counted once ({@link ArchiveIntent}).
 * A log or archive that cannot be read as ours is moved aside with one WARN, never overwritten. Fields this version
 * does not know are kept as they are, with one WARN per process.
 *
 * <p>A run may be written twice (at a budget stop, then at exit): its entry is replaced by {@code run_id}, and its
 * old share of the totals replaced with it. An entry that could not be written at all is kept in the spool
 * ({@link #spool}) and merged by the next write that can.
 *
 * <p>Thread-safety: {@link #write} is synchronized; across threads and JVMs the lock serialises.
 */
public final class CostLogStore {

    /** The log's name in its folder. */
    public static final String FILE_NAME = "cost_log.json";
    /** How long a write waits for other processes to finish theirs. */
    public static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    /** How many runs the log keeps unless told otherwise ({@code costagent.log.keep}). */
    public static final int DEFAULT_KEEP = ConfigLoader.DEFAULT_LOG_KEEP;

    private final LogFiles files;
    private final Archives archives;
    private final Spool spool;
    private final int keep;
    private final Logger log;
    private final FileReplacer replacer;
    private final Duration lockWait;
    private final LogUpdate.Steps steps;
    /** The runs this process has written to the log: a later write of one replaces its entry. */
    private final Set<String> written = new HashSet<>();
    /** The runs this process has spooled: another process may have merged the entry since, so it is looked for. */
    private final Set<String> spooledHere = new HashSet<>();
    private boolean unknownFieldsWarned;
    private boolean archivingWarned;

    public CostLogStore(Path file, int keep, Logger log) {
        this(file, keep, log, FileReplacer.ATOMIC, LOCK_WAIT);
    }

    /**
     * @param keep     how many runs the log holds before the oldest move to the archive
     * @param replacer how the log and its companions are replaced
     * @param lockWait how long to wait for other processes' writes before giving up
     */
    public CostLogStore(Path file, int keep, Logger log, FileReplacer replacer, Duration lockWait) {
        this(file, keep, log, replacer, lockWait, LogUpdate.Steps.NONE);
    }

    /** With a hook told each step of a write, for the tests that stop a writer between two steps. */
    CostLogStore(Path file, int keep, Logger log, FileReplacer replacer, Duration lockWait, LogUpdate.Steps steps) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1: " + keep);
        }
        this.files = LogFiles.of(file);
        this.archives = new Archives(files.archiveDir());
        this.spool = new Spool(files.spoolDir());
        this.keep = keep;
        this.log = log;
        this.replacer = replacer;
        this.lockWait = lockWait;
        this.steps = steps;
    }

    public Path file() {
        return files.log();
    }

    /** Whether a failure of {@link #write} was waiting for the lock (already a long wait: not worth a retry). */
    public static boolean isLockTimeout(IOException e) {
        return e instanceof LogLock.Timeout;
    }

    /**
     * Adds the run's entry (or replaces it, if this process wrote it before), merges the spool, moves the oldest
     * runs to the archive when the log is full, and updates the cumulative totals.
     *
     * @throws IOException when the log could not be updated; it is then as it was
     */
    public synchronized void write(RunSnapshot run) throws IOException {
        String id = run.runId();
        LogUpdate.Addition self = new LogUpdate.Addition(id, Archives.month(String.valueOf(run.startedAt())),
                LogJson.entry(run), Contribution.of(run), written.contains(id),
                written.contains(id) || spooledHere.contains(id), null);
        try (LogLock lock = LogLock.exclusive(files, lockWait)) {
            AtomicFiles.removeTemporaryFiles(files.dir(), files.name());
            if (Files.isDirectory(archives.dir())) {
                AtomicFiles.removeTemporaryFiles(archives.dir(), "intent.json");
            }
            List<Spool.Entry> spooled = spooled();
            List<LogUpdate.Addition> additions = new ArrayList<>();
            for (Spool.Entry e : spooled) {
                if (!e.runId().equals(run.runId())) {
                    // Looked for even when not written before: merged once already if a crash kept the file.
                    additions.add(new LogUpdate.Addition(e.runId(), e.month(), e.line(), share(e), e.writtenBefore(),
                            true, e));
                }
            }
            additions.add(self);
            repairInterruptedMove();
            LogIndex index = LogIndex.read(files.index());
            Map<String, LogIndex.ArchiveState> states = new ArchiveCheck(archives, log)
                    .check(index == null ? Map.of() : index.archives());
            LogUpdate u = new LogUpdate(files, archives, keep, replacer, steps, log, additions, states);
            try {
                update(u, index);
            } catch (ArchiveFailure e) {
                // The move was undone; the run's entry matters more than the log's size.
                if (!archivingWarned) {
                    archivingWarned = true;
                    log.warn("could not move the oldest runs of {} to {} ({}): the log keeps them until a later run "
                            + "can", files.log(), archives.dir(), reason(e.getCause()));
                }
                u.stopArchiving();
                update(u, index);
            }
            Spool.remove(spooled);
            written.add(run.runId());
            for (LogUpdate.Addition a : additions) {
                if (a.placement == LogUpdate.Placement.DROPPED) {
                    log.warn("run {} wrote its entry to {} before, which has since moved to the archive: the entry "
                            + "stays as first written (its cost_report.json holds the final figures)", a.runId,
                            files.log());
                }
            }
        }
    }

    /** What a file system said, without the path the message already names. */
    private static String reason(Throwable e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
    }

    private static Contribution share(Spool.Entry e) {
        Contribution c = LogJson.share(e.line());
        return c != null ? c : new Contribution(null, 0, Map.of(), Map.of());
    }

    private List<Spool.Entry> spooled() throws IOException {
        List<Path> unreadable = new ArrayList<>();
        List<Spool.Entry> entries = spool.list(unreadable);
        for (Path p : unreadable) {
            Path aside = SetAside.move(p);
            log.warn("{} could not be read as a spooled log entry; kept it aside as {}", p, aside);
        }
        return entries;
    }

    private void update(LogUpdate u, LogIndex index) throws IOException {
        FileChannel old;
        try {
            old = FileChannel.open(files.log(), StandardOpenOption.READ);
        } catch (NoSuchFileException none) {
            FreshLog.apply(u);
            return;
        }
        String problem;
        try (FileChannel ch = old) {
            if (index != null && index.runs() > 0 && index.describes(ch) && IndexedUpdate.apply(u, index, ch) != null) {
                return;
            }
            try {
                LogScan scan = LogScan.scan(ch, ParsedUpdate.wanted(u), u.thisMonth());
                warnOfUnknownFields(scan.unknown());
                ParsedUpdate.apply(u, ch, scan);
                return;
            } catch (NotACostLog e) {
                problem = e.getMessage();
            }
        }
        Path aside = SetAside.move(files.log());
        long archived = FreshLog.apply(u);
        log.warn("{} could not be read: {}; kept it aside as {} and started a new log{}", files.log(), problem, aside,
                archived == 0 ? "" : " (its cumulative totals count the " + archived + " archived runs)");
    }

    /**
     * A move to the archive that a crash interrupted: undone while the log still holds the first run moved (the log
     * was not replaced), else only its record removed (see {@link ArchiveIntent}).
     */
    private void repairInterruptedMove() throws IOException {
        ArchiveIntent intent;
        try {
            intent = ArchiveIntent.read(files.intent());
        } catch (NotACostLog e) {
            Path aside = SetAside.move(files.intent());
            log.warn("{} could not be read ({}); kept it aside as {}: runs of an interrupted archiving may be in "
                    + "both the log and the archive", files.intent(), e.getMessage(), aside);
            return;
        }
        if (intent == null) {
            return;
        }
        if (logHolds(intent.firstRunId())) {
            intent.undo(archives);
        }
        ArchiveIntent.remove(files.intent());
        log.debug("completed an archiving a crash interrupted: {}", intent);
    }

    private boolean logHolds(String runId) throws IOException {
        try (FileChannel ch = FileChannel.open(files.log(), StandardOpenOption.READ)) {
            return LogScan.scan(ch, Set.of(runId), 0).found.containsKey(runId);
        } catch (NoSuchFileException | NotACostLog gone) {
            // No log, or one that is not ours: the archive is all there is of those runs.
            return false;
        }
    }

    /** Fields a newer version wrote are kept; saying so once lets the user know an older agent is writing. */
    private void warnOfUnknownFields(List<String> unknown) {
        if (unknownFieldsWarned || unknown.isEmpty()) {
            return;
        }
        unknownFieldsWarned = true;
        log.warn("{} holds fields this version of cost-agent does not know ({}), perhaps from a newer version: "
                + "they are kept as they are", files.log(), String.join(", ", unknown));
    }

    /**
     * Keeps the run's entry in the spool, for the next write of the log to merge: for a run whose entry could not
     * be written to the log. Takes no lock, so that a log locked by a frozen process does not block it.
     *
     * @return the spool file
     */
    public synchronized Path spool(RunSnapshot run) throws IOException {
        Path file = spool.put(replacer, run.runId(), LogJson.entry(run), written.contains(run.runId()), files.log());
        spooledHere.add(run.runId());
        return file;
    }

    /** The archives as this write finds them, each read through once when it changed since this agent saw it. */
    private static final class ArchiveCheck {
        private final Archives archives;
        private final Logger log;

        ArchiveCheck(Archives archives, Logger log) {
            this.archives = archives;
            this.log = log;
        }

        Map<String, LogIndex.ArchiveState> check(Map<String, LogIndex.ArchiveState> known) throws IOException {
            Map<String, LogIndex.ArchiveState> out = new LinkedHashMap<>();
            for (Path file : archives.list()) {
                String name = file.getFileName().toString();
                LogIndex.ArchiveState now = Archives.state(file);
                if (now == null) {
                    continue;
                }
                String problem = now.same(known.get(name)) ? null : Archives.problem(file, now.length());
                if (problem == null) {
                    out.put(name, now);
                } else {
                    Path aside = SetAside.move(file);
                    log.warn("{} could not be read: {}; kept it aside as {} (its runs stay counted in the "
                            + "cumulative totals) and started a new archive", file, problem, aside);
                }
            }
            return out;
        }
    }
}
