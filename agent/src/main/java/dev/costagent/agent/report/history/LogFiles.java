package dev.costagent.agent.report.history;

import java.nio.file.Path;

/**
 * The files of one cost log: {@code cost_log.json} and its companions beside it, named after it.
 *
 * <pre>
 * cost_log.json              the most recent runs and the cumulative totals (the documented file)
 * cost_log.json.lock         taken by every writer (exclusive) and, for a moment, by readers (shared)
 * cost_log.json.index        where each run of cost_log.json starts, to update it without parsing it
 * cost_log.archive/          older runs, YYYY-MM.jsonl.gz, appended to, never rewritten
 * cost_log.archive/intent.json   present only while runs move into the archive
 * cost_log.spool/            entries that could not be written to the log, for the next write to merge
 * </pre>
 */
record LogFiles(Path log) {

    static LogFiles of(Path log) {
        return new LogFiles(log.toAbsolutePath().normalize());
    }

    Path dir() {
        return log.getParent();
    }

    String name() {
        return log.getFileName().toString();
    }

    /** The log's name without {@code .json}: {@code cost_log}. */
    private String stem() {
        String n = name();
        return n.endsWith(".json") ? n.substring(0, n.length() - ".json".length()) : n;
    }

    Path lock() {
        return log.resolveSibling(name() + ".lock");
    }

    Path index() {
        return log.resolveSibling(name() + ".index");
    }

    Path archiveDir() {
        return log.resolveSibling(stem() + ".archive");
    }

    Path intent() {
        return archiveDir().resolve("intent.json");
    }

    Path spoolDir() {
        return log.resolveSibling(stem() + ".spool");
    }
}
