package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A folder of the agent's files ({@code cost_report.json}, {@code cost_log.json}), or one of those files, as a
 * {@link RunSource}. The log is streamed with jackson-core: a run is read, handed on and dropped.
 *
 * <p>A file given by name is told apart by its first field: a log starts with {@code runs} (or
 * {@code cumulative}), a report with anything else (it is then read as a run, which needs {@code run_id}).
 */
final class CostFiles implements RunSource {

    static final String REPORT = "cost_report.json";
    static final String LOG = "cost_log.json";

    static final JsonFactory JSON = new JsonFactory();

    private final String name;
    private final Path report;
    private final Path log;

    private CostFiles(String name, Path report, Path log) {
        this.name = name;
        this.report = report;
        this.log = log;
    }

    /**
     * The files at {@code path}: a folder holding either file or both, or one file.
     *
     * @throws CliException when there is nothing to read there
     */
    static CostFiles at(Path path) throws CliException {
        if (Files.isDirectory(path)) {
            Path report = path.resolve(REPORT);
            Path log = path.resolve(LOG);
            boolean hasReport = Files.isRegularFile(report);
            boolean hasLog = Files.isRegularFile(log);
            if (!hasReport && !hasLog) {
                throw new CliException(path + ": holds neither " + REPORT + " nor " + LOG
                        + " (is it the agent's output folder?)");
            }
            return new CostFiles(path.toString(), hasReport ? report : null, hasLog ? log : null);
        }
        if (!Files.exists(path)) {
            throw new CliException(path + ": no such folder or file");
        }
        if (!Files.isRegularFile(path)) {
            throw new CliException(path + ": not a folder or a regular file");
        }
        return isLog(path) ? new CostFiles(path.toString(), null, path) : new CostFiles(path.toString(), path, null);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public RunView latestReport() throws CliException {
        if (report == null) {
            return null;
        }
        try (InputStream in = open(report); JsonParser p = JSON.createParser(in)) {
            p.nextToken();
            RunView run = RunJson.read(p, report.toString());
            if (p.nextToken() != null) {
                throw new CliException(report + ": not a cost report: more after the run's object "
                        + RunJson.where(p.currentLocation()));
            }
            return run;
        } catch (JsonProcessingException e) {
            throw unreadable(report, e);
        } catch (IOException e) {
            throw new CliException(report + ": cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public Cumulative scan(Consumer<RunView> eachRun) throws CliException {
        return scan(eachRun, true);
    }

    @Override
    public Cumulative scanSummaries(Consumer<RunView> eachRun) throws CliException {
        return scan(eachRun, false);
    }

    private Cumulative scan(Consumer<RunView> eachRun, boolean groups) throws CliException {
        if (log == null) {
            // A report on its own is a history of one run.
            RunView only = latestReport();
            eachRun.accept(only);
            return new Cumulative(1, only.costPicos(), java.util.Map.of(), java.util.Map.of(), java.util.Map.of());
        }
        try (InputStream in = open(log); JsonParser p = JSON.createParser(in)) {
            return scanLog(p, eachRun, groups);
        } catch (JsonProcessingException e) {
            throw unreadable(log, e);
        } catch (IOException e) {
            throw new CliException(log + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private Cumulative scanLog(JsonParser p, Consumer<RunView> eachRun, boolean groups)
            throws IOException, CliException {
        String file = log.toString();
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new CliException(file + ": not a cost log: it is not a JSON object " + RunJson.where(p.currentLocation()));
        }
        boolean sawRuns = false;
        Cumulative cumulative = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("runs")) {
                if (t != JsonToken.START_ARRAY) {
                    throw new CliException(file + ": not a cost log: 'runs' is not a list " + RunJson.where(p.currentLocation()));
                }
                sawRuns = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    eachRun.accept(groups ? RunJson.read(p, file) : RunJson.readSummary(p, file));
                }
            } else if (field.equals("cumulative")) {
                cumulative = RunJson.cumulative(p, file);
            } else {
                p.skipChildren();
            }
        }
        if (!sawRuns) {
            throw new CliException(file + ": not a cost log: it has no 'runs' list");
        }
        return cumulative == null ? Cumulative.NONE : cumulative;
    }

    private static boolean isLog(Path file) throws CliException {
        try (InputStream in = open(file); JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CliException(file + ": not a cost log or report: it is not a JSON object "
                        + RunJson.where(p.currentLocation()));
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
                + RunJson.where(e.getLocation()), e);
    }
}
