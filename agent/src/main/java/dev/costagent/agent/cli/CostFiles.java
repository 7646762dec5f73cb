package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.costagent.agent.report.RunSnapshotReader;
import dev.costagent.agent.report.history.FolderHistory;
import dev.costagent.agent.report.history.HistoryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Finds the agent's files at a path given on the command line: a folder ({@code cost_report.json},
 * {@code cost_log.json} and its archives {@code cost_log.archive/}), or one of those files. The history is read by
 * the agent's {@link FolderHistory}, the report by its {@link RunSnapshotReader}.
 *
 * <p>A file given by name is told apart by its first field: a log starts with {@code runs} (or
 * {@code cumulative}), a report with anything else (it is then read as a run, which needs {@code run_id}).
 */
final class CostFiles {

    static final String REPORT = "cost_report.json";
    static final String LOG = "cost_log.json";
    static final String ARCHIVE = "cost_log.archive";

    static final JsonFactory JSON = new JsonFactory();

    private CostFiles() {
    }

    /**
     * The runs at {@code path}: a folder holding a report, a log (or its archives) or both, or one file.
     *
     * @throws CliException when there is nothing to read there
     */
    static RunSource at(Path path) throws CliException {
        if (Files.isDirectory(path)) {
            Path report = path.resolve(REPORT);
            boolean hasReport = Files.isRegularFile(report);
            boolean hasLog = Files.isRegularFile(path.resolve(LOG)) || Files.isDirectory(path.resolve(ARCHIVE));
            if (!hasReport && !hasLog) {
                throw new CliException(path + ": holds neither " + REPORT + " nor " + LOG
                        + " (is it the agent's output folder?)");
            }
            return new HistorySource(path.toString(), hasLog ? history(path) : null,
                    hasReport ? readReport(report) : null);
        }
        if (!Files.exists(path)) {
            throw new CliException(path + ": no such folder or file");
        }
        if (!Files.isRegularFile(path)) {
            throw new CliException(path + ": not a folder or a regular file");
        }
        return isLog(path) ? new HistorySource(path.toString(), history(path), null)
                : new HistorySource(path.toString(), null, readReport(path));
    }

    private static FolderHistory history(Path path) throws CliException {
        try {
            return FolderHistory.at(path);
        } catch (HistoryException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    /** A {@code cost_report.json}, read by the agent's own run reader. */
    private static RunView readReport(Path report) throws CliException {
        try (InputStream in = open(report); JsonParser p = JSON.createParser(in)) {
            p.nextToken();
            RunView run;
            try {
                run = RunView.of(RunSnapshotReader.read(p));
            } catch (RunSnapshotReader.MalformedRun e) {
                throw new CliException(report + ": not a cost report: " + e.getMessage() + " "
                        + where(p.currentTokenLocation()), e);
            }
            if (p.nextToken() != null) {
                throw new CliException(report + ": not a cost report: more after the run's object "
                        + where(p.currentLocation()));
            }
            return run;
        } catch (JsonProcessingException e) {
            throw unreadable(report, e);
        } catch (IOException e) {
            throw new CliException(report + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static boolean isLog(Path file) throws CliException {
        try (InputStream in = open(file); JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CliException(file + ": not a cost log or report: it is not a JSON object "
                        + where(p.currentLocation()));
            }
            JsonToken first = p.nextToken();
            return first == JsonToken.FIELD_NAME && (p.currentName().equals("runs") || p.currentName().equals("cumulative"));
        } catch (JsonProcessingException e) {
            throw unreadable(file, e);
        } catch (IOException e) {
            throw new CliException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static InputStream open(Path file) throws IOException, CliException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": no such file");
        }
    }

    /** Jackson's own words, without its "Source: ..." trailer, and where in the file. */
    static CliException unreadable(Path file, JsonProcessingException e) {
        return new CliException(file + ": not a cost log or report: " + e.getOriginalMessage() + " "
                + where(e.getLocation()), e);
    }

    static String where(JsonLocation at) {
        return at == null ? "" : "(line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
