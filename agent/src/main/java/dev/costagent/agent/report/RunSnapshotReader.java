package dev.costagent.agent.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.events.BudgetChange;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back what {@link RunSnapshotJson} writes: a {@code cost_report.json} document, or one run's entry of
 * {@code cost_log.json}, an archive or a store's ledger. Entries of older versions hold only the run's stage costs
 * ({@code costs}); they read as a run without its breakdown ({@link RunRecord#detailed()} false). Fields this
 * version does not know are kept, as the snapshot's sections.
 */
public final class RunSnapshotReader {

    /** One run read back. */
    public record RunRecord(RunSnapshot run, boolean detailed, Map<String, BigDecimal> costs) {
    }

    /** A run object that is not of the form written here; the message names the field. */
    public static final class MalformedRun extends IOException {
        private static final long serialVersionUID = 1L;

        public MalformedRun(String message) {
            super(message);
        }
    }

    private RunSnapshotReader() {
    }

    /** Reads the run object at the parser's current token ({@code START_OBJECT}), leaving it on its end. */
    public static RunRecord read(JsonParser p) throws IOException {
        return read(p, true);
    }

    /**
     * As {@link #read}, but without the run's groups (stages, models, providers, operations, unpriced models and
     * warnings: empty), which are skipped unread: for what lists runs, a fraction of the work per run.
     */
    public static RunRecord readSummary(JsonParser p) throws IOException {
        return read(p, false);
    }

    private static RunRecord read(JsonParser p, boolean groups) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedRun("a run must be a JSON object, found " + p.currentToken());
        }
        String runId = null;
        String workflow = null;
        Instant started = null;
        Instant ended = null;
        String status = null;
        BigDecimal budget = null;
        BigDecimal total = null;
        List<BudgetChange> changes = new ArrayList<>();
        Totals totals = null;
        Map<String, Totals> stages = new LinkedHashMap<>();
        Map<String, Totals> models = new LinkedHashMap<>();
        Map<String, Totals> providers = new LinkedHashMap<>();
        Map<String, Totals> operations = new LinkedHashMap<>();
        Map<String, Totals> unpriced = new LinkedHashMap<>();
        Map<String, BigDecimal> costs = new LinkedHashMap<>();
        long unmetered = 0;
        List<String> warnings = new ArrayList<>();
        Map<String, Object> sections = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "run_id" -> runId = text(p, name);
                case "workflow" -> workflow = text(p, name);
                case "started_at" -> started = instant(p, name);
                case "ended_at" -> ended = instant(p, name);
                case "status" -> status = text(p, name);
                case "budget_usd" -> budget = decimalOrNull(p, name);
                case "budget_changes" -> changes = changes(p);
                case "total_cost_usd" -> total = decimal(p, name);
                case "totals" -> totals = totals(p, name);
                case "stages" -> groupOrSkip(p, name, stages, groups);
                case "models" -> groupOrSkip(p, name, models, groups);
                case "providers" -> groupOrSkip(p, name, providers, groups);
                case "operations" -> groupOrSkip(p, name, operations, groups);
                case "unpriced_models" -> groupOrSkip(p, name, unpriced, groups);
                case "costs" -> costs(p, costs);
                case "unmetered_calls" -> unmetered = count(p, name);
                case "warnings" -> {
                    if (groups) {
                        warnings = texts(p, name);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> sections.put(name, JsonValues.read(p));
            }
        }
        if (runId == null) {
            throw new MalformedRun("a run has no 'run_id'");
        }
        boolean detailed = totals != null;
        if (!detailed) {
            // An entry of an older version: its stage costs are all it has.
            for (Map.Entry<String, BigDecimal> c : costs.entrySet()) {
                stages.put(c.getKey(), new Totals(0, 0, 0, 0, 0, picos(c.getValue(), "costs." + c.getKey())));
            }
            totals = new Totals(0, 0, 0, 0, 0, total == null ? 0 : picos(total, "total_cost_usd"));
        }
        RunSnapshot run = new RunSnapshot(runId, workflow, started, ended, status, budget, changes, totals, stages,
                models, providers, operations, unpriced, unmetered, warnings, sections);
        return new RunRecord(run, detailed, costs);
    }

    /** A group read into {@code into}, or, for a summary, skipped unread. */
    private static void groupOrSkip(JsonParser p, String name, Map<String, Totals> into, boolean read)
            throws IOException {
        if (read) {
            group(p, name, into);
        } else {
            p.skipChildren();
        }
    }

    private static String text(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new MalformedRun("'" + field + "' is not a string");
        }
        return p.getText();
    }

    private static Instant instant(JsonParser p, String field) throws IOException {
        String t = text(p, field);
        try {
            return t == null ? null : Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new MalformedRun("'" + field + "' is not a time: '" + t + "'");
        }
    }

    private static BigDecimal decimalOrNull(JsonParser p, String field) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : decimal(p, field);
    }

    private static BigDecimal decimal(JsonParser p, String field) throws IOException {
        if (!p.currentToken().isNumeric()) {
            throw new MalformedRun("'" + field + "' is not a number");
        }
        // The number's text as a decimal: never through a double.
        return p.getDecimalValue();
    }

    private static long count(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new MalformedRun("'" + field + "' is not a whole number");
        }
        return p.getLongValue();
    }

    private static long picos(BigDecimal usd, String field) throws MalformedRun {
        try {
            return Money.picos(usd);
        } catch (ArithmeticException e) {
            throw new MalformedRun("'" + field + "' is not an amount of at most 12 decimals: " + usd.toPlainString());
        }
    }

    private static Totals totals(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedRun("'" + field + "' is not an object");
        }
        long calls = 0;
        long input = 0;
        long output = 0;
        long cacheRead = 0;
        long cacheWrite = 0;
        long picos = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            String at = field + "." + name;
            switch (name) {
                case "calls" -> calls = count(p, at);
                case "input_tokens" -> input = count(p, at);
                case "output_tokens" -> output = count(p, at);
                case "cache_read_tokens" -> cacheRead = count(p, at);
                case "cache_write_tokens" -> cacheWrite = count(p, at);
                case "cost_usd" -> picos = picos(decimal(p, at), at);
                default -> p.skipChildren();
            }
        }
        return new Totals(calls, input, output, cacheRead, cacheWrite, picos);
    }

    private static void group(JsonParser p, String field, Map<String, Totals> into) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedRun("'" + field + "' is not an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            into.put(name, totals(p, field + "." + name));
        }
    }

    private static void costs(JsonParser p, Map<String, BigDecimal> into) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedRun("'costs' is not an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            into.put(name, decimal(p, "costs." + name));
        }
    }

    private static List<String> texts(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new MalformedRun("'" + field + "' is not a list");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(text(p, field + "[]"));
        }
        return out;
    }

    private static List<BudgetChange> changes(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new MalformedRun("'budget_changes' is not a list");
        }
        List<BudgetChange> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Instant at = null;
            BigDecimal from = null;
            BigDecimal to = null;
            String by = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "at" -> at = instant(p, "budget_changes[].at");
                    case "from" -> from = decimalOrNull(p, "budget_changes[].from");
                    case "to" -> to = decimalOrNull(p, "budget_changes[].to");
                    case "by" -> by = text(p, "budget_changes[].by");
                    default -> p.skipChildren();
                }
            }
            out.add(new BudgetChange(at, from, to, by));
        }
        return out;
    }
}
