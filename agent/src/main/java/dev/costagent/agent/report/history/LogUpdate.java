package dev.costagent.agent.report.history;

import dev.costagent.agent.report.AtomicFiles;
import dev.costagent.agent.report.FileReplacer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * What one write of the log needs, whichever way it goes ({@link IndexedUpdate} or {@link ParsedUpdate}): the files,
 * the entries it adds, how many runs the log keeps, and the steps of moving the oldest runs to the archive.
 */
final class LogUpdate {

    /** Where a write is; the crash tests stop a writer there. */
    enum Step { INTENT_WRITTEN, ARCHIVED, LOG_REPLACED, INDEX_WRITTEN }

    /** Told each step as it is passed. */
    @FunctionalInterface
    interface Steps {
        Steps NONE = new Steps() {
            @Override
            public void reached(Step step) {
            }
        };

        void reached(Step step) throws IOException;
    }

    /** What became of an entry the write brought. */
    enum Placement { APPENDED, REPLACED, DROPPED }

    /** An entry to put in the log: this run's, or one from the spool. */
    static final class Addition {
        final String runId;
        /** The month it started in ({@link Archives#month(String)}). */
        final int month;
        final byte[] line;
        final Contribution share;
        /** Whether an entry of this run was written to the log before, which this one replaces. */
        final boolean writtenBefore;
        /** Whether the log may hold an entry of this run: looked for, and replaced when found. */
        final boolean search;
        /** The spool file it came from, or null. */
        final Spool.Entry spooled;
        Placement placement;

        Addition(String runId, int month, byte[] line, Contribution share, boolean writtenBefore, boolean search,
                 Spool.Entry spooled) {
            this.runId = runId;
            this.month = month;
            this.line = line;
            this.share = share;
            this.writtenBefore = writtenBefore;
            this.search = search;
            this.spooled = spooled;
        }
    }

    final LogFiles files;
    final Archives archives;
    final int keep;
    final FileReplacer replacer;
    final Steps steps;
    final Logger log;
    final List<Addition> additions;
    /** This write goes on without moving runs (see {@link ArchiveFailure}). */
    void stopArchiving() {
        archiving = false;
    }

    /** The month of a run without a start time when no run before it had one: this month, once asked for. */
    private int thisMonth;
    /** False once a move failed in this write: the log then keeps every run until a later write. */
    private boolean archiving = true;

    /** The archives as checked at the start of this write, updated as it appends. */
    final Map<String, LogIndex.ArchiveState> archiveStates;

    LogUpdate(LogFiles files, Archives archives, int keep, FileReplacer replacer, Steps steps, Logger log,
              List<Addition> additions, Map<String, LogIndex.ArchiveState> archiveStates) {
        this.files = files;
        this.archives = archives;
        this.keep = keep;
        this.replacer = replacer;
        this.steps = steps;
        this.log = log;
        this.additions = additions;
        this.archiveStates = archiveStates;
    }

    /** The month of a run without a start time when no run before it had one: this month (one per write). */
    int thisMonth() {
        if (thisMonth == 0) {
            thisMonth = Archives.thisMonth();
        }
        return thisMonth;
    }

    /**
     * How many of the oldest runs move to the archive. The log holds at most {@code keep} runs; once a write would
     * take it over, the oldest go in a batch (a hundredth of {@code keep}, at least one), so that the move and its
     * gzip member come once per batch of runs, not at every exit. Only runs the log held before move: a run this
     * write adds stays until a later write, so that a spooled entry merged twice replaces itself in the log.
     */
    int toArchive(int oldEntries, int appended) {
        long total = (long) oldEntries + appended;
        if (total <= keep || !archiving) {
            return 0;
        }
        int batch = Math.max(1, keep / 100);
        return (int) Math.min(oldEntries, total - keep + batch - 1);
    }

    int appended() {
        int n = 0;
        for (Addition a : additions) {
            n += a.placement == Placement.APPENDED ? 1 : 0;
        }
        return n;
    }

    /** Applies the placed additions to the cumulative totals; {@code oldShares} are those of replaced entries. */
    void count(Cumulative c, Map<Addition, Contribution> oldShares) {
        for (Addition a : additions) {
            switch (a.placement) {
                case APPENDED -> {
                    c.add(a.share);
                    c.countRuns(1);
                }
                case REPLACED -> {
                    Contribution old = oldShares.get(a);
                    if (old != null) {
                        c.subtract(old);
                    }
                    c.add(a.share);
                }
                case DROPPED -> {
                }
            }
        }
    }

    /** Each archive about to be appended to, with its length now (-1: it is not there yet). */
    Map<String, Long> lengthsBefore(Iterable<String> names) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String n : names) {
            LogIndex.ArchiveState s = archiveStates.get(n);
            out.put(n, s == null ? -1L : s.length());
        }
        return out;
    }

    /** Notes each archive's state after this write appended to it. */
    void appendedTo(Iterable<String> names) throws IOException {
        for (String n : names) {
            LogIndex.ArchiveState s = Archives.state(archives.file(n));
            if (s != null) {
                archiveStates.put(n, s);
            }
        }
    }

    /**
     * After the log was replaced: its index (a cache, so not forced to disk, and a failure only costs the next
     * write a parse), then the end of the move, if runs moved.
     */
    void committed(LogIndex written, Move move) throws IOException {
        steps.reached(Step.LOG_REPLACED);
        byte[] bytes = written.render();
        try {
            replacer.replace(files.index(), AtomicFiles.bytes(bytes), false, files.log());
        } catch (IOException | RuntimeException e) {
            log.debug("could not write {}; the next write parses the log instead", files.index(), e);
        }
        steps.reached(Step.INDEX_WRITTEN);
        if (move != null) {
            move.committed();
        }
    }

    Path log() {
        return files.log();
    }

    /**
     * Moving runs to the archive, one step after the other, so that a crash anywhere leaves each run counted once
     * (see {@link ArchiveIntent}).
     */
    final class Move {
        private final ArchiveIntent intent;

        Move(String firstRunId, long runs, Map<String, Long> lengths) {
            this.intent = new ArchiveIntent(firstRunId, runs, lengths);
        }

        /** Before anything is appended: the intent, on disk. */
        void begin() throws IOException {
            try {
                intent.write(replacer, files.intent(), files.log());
            } catch (IOException e) {
                throw new ArchiveFailure(e);
            }
            steps.reached(Step.INTENT_WRITTEN);
        }

        /** The runs are in their archives, forced to disk; the log still holds them. */
        void archived() throws IOException {
            appendedTo(intent.lengths().keySet());
            steps.reached(Step.ARCHIVED);
        }

        /** The log could not be replaced: what was appended is cut back; if that fails, the next writer does it. */
        void abort(Throwable cause) {
            try {
                intent.undo(archives);
                ArchiveIntent.remove(files.intent());
                for (Map.Entry<String, Long> e : intent.lengths().entrySet()) {
                    if (e.getValue() < 0) {
                        archiveStates.remove(e.getKey());
                    }
                }
                appendedTo(intent.lengths().keySet());
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }

        /** The log no longer holds the moved runs: the intent is done with. */
        void committed() {
            try {
                ArchiveIntent.remove(files.intent());
            } catch (IOException e) {
                // Left, the next writer finds the log without the first moved run and only removes it.
                log.debug("could not remove {}", files.intent(), e);
            }
        }
    }
}
