package dev.costagent.agent.report.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.costagent.agent.report.JsonValues;
import dev.costagent.agent.report.RunSnapshotJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The slow path's first pass over a log: Jackson parses all of it, as the judge of whether it is a cost log this
 * code can update without losing anything (valid JSON, one document, no name twice in an object, the documented
 * shape), and notes what the update needs to know before it writes anything: how many runs there are, where the
 * runs it replaces are, which archives the oldest runs would go to. The runs themselves are not kept.
 */
final class LogScan {

    static final Set<String> TOP_FIELDS = Set.of("runs", "cumulative");
    static final Set<String> CUMULATIVE_FIELDS = Set.of("runs", "total_cost_usd", "stages", "models", "workflows");
    /** A run entry's fields: the report's ({@link RunSnapshotJson}), its {@code costs}, and known sections. */
    static final Set<String> RUN_FIELDS = Set.of("run_id", "workflow", "started_at", "ended_at", "status",
            "budget_usd", "budget_changes", "total_cost_usd", "totals", "stages", "models", "providers", "operations",
            "unpriced_models", "unmetered_calls", "warnings", "costs", "scope");

    int entries;
    String firstRunId;
    /** Archive name to the first entry that would go there, in entry order. */
    final Map<String, Integer> archiveStarts = new LinkedHashMap<>();
    /** Each wanted run id that is in the log, with its entry's position (the first, if it is there twice). */
    final Map<String, Integer> found = new HashMap<>();
    /** Top-level members other than runs and cumulative, as plain values, in order. */
    final Map<String, Object> members = new LinkedHashMap<>();
    Cumulative cumulative;
    /** Names this version does not know (at most ten of each kind) at the top, in the cumulative totals, in runs. */
    private final List<String> unknownTop = new ArrayList<>();
    private final List<String> unknownCumulative = new ArrayList<>();
    private final List<String> unknownInRuns = new ArrayList<>();

    private LogScan() {
    }

    /**
     * @param wanted   the run ids whose entries the update may replace
     * @param thisMonth the month of a run without a start time when no run before it had one
     * @throws NotACostLog when the log is not one this code can update
     */
    static LogScan scan(FileChannel log, Set<String> wanted, int thisMonth) throws IOException, NotACostLog {
        LogScan s = new LogScan();
        try (InputStream in = new ChannelWindow(log, 0, log.size());
             JsonParser p = RunSnapshotJson.JSON.createParser(in)) {
            s.document(p, wanted, thisMonth);
        } catch (JsonProcessingException e) {
            throw new NotACostLog("it is " + JsonProblem.describe(e));
        }
        return s;
    }

    private void document(JsonParser p, Set<String> wanted, int thisMonth) throws IOException, NotACostLog {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new NotACostLog("it is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new NotACostLog("it is not a JSON object");
        }
        boolean runs = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("runs")) {
                if (t != JsonToken.START_ARRAY) {
                    throw new NotACostLog("it has no 'runs' list");
                }
                runs(p, wanted, thisMonth);
                runs = true;
            } else if (name.equals("cumulative")) {
                cumulative = Cumulative.of(JsonValues.read(p));
            } else {
                members.put(name, JsonValues.read(p));
                unknown(unknownTop, name, TOP_FIELDS, "");
            }
        }
        JsonToken trailing = p.nextToken();
        if (trailing != null) {
            // A rewrite would drop whatever follows the first document.
            throw new NotACostLog("a second JSON value follows the first" + JsonProblem.at(p.currentTokenLocation()));
        }
        if (!runs) {
            throw new NotACostLog("it has no 'runs' list");
        }
        if (cumulative == null) {
            throw new NotACostLog("it has no 'cumulative' object");
        }
        for (String name : cumulative.names()) {
            unknown(unknownCumulative, name, CUMULATIVE_FIELDS, "cumulative.");
        }
    }

    private void runs(JsonParser p, Set<String> wanted, int thisMonth) throws IOException, NotACostLog {
        int month = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new NotACostLog("its run " + (entries + 1) + " is not an object"
                        + JsonProblem.at(p.currentTokenLocation()));
            }
            String runId = null;
            String started = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_STRING && name.equals("run_id")) {
                    runId = p.getText();
                } else if (t == JsonToken.VALUE_STRING && name.equals("started_at")) {
                    started = p.getText();
                } else {
                    p.skipChildren();
                }
                unknown(unknownInRuns, name, RUN_FIELDS, "runs[].");
            }
            if (runId == null) {
                throw new NotACostLog("its run " + (entries + 1) + " has no 'run_id'"
                        + JsonProblem.at(p.currentTokenLocation()));
            }
            month = Archives.month(Archives.month(started), month, thisMonth);
            archiveStarts.putIfAbsent(Archives.name(month), entries);
            if (entries == 0) {
                firstRunId = runId;
            }
            if (wanted.contains(runId)) {
                found.putIfAbsent(runId, entries);
            }
            entries++;
        }
    }

    private static void unknown(List<String> into, String name, Set<String> known, String prefix) {
        if (into.size() < 10 && !known.contains(name) && !into.contains(prefix + name)) {
            into.add(prefix + name);
        }
    }

    /** The names this version does not know: {@code format}, {@code cumulative.currency}, {@code runs[].tags}. */
    List<String> unknown() {
        List<String> all = new ArrayList<>(unknownTop);
        all.addAll(unknownCumulative);
        all.addAll(unknownInRuns);
        return all;
    }
}
