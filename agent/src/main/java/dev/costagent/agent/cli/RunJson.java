package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * Reads one run object, as {@code cost_report.json} writes it and as each entry of {@code cost_log.json} holds it
 * (README "Output files"), with jackson-core's streaming parser. Fields it does not know (a newer version's) are
 * skipped; groups keep the order of the file. Money is read from the number's text, exactly.
 */
final class RunJson {

    private static final java.util.Set<String> GROUPS =
            java.util.Set.of("stages", "models", "providers", "operations", "unpriced_models", "costs", "warnings");

    private final JsonParser p;
    private final String file;
    /** Whether to read the groups (stages, models, ...), or only note that they are there. */
    private final boolean groups;

    private RunJson(JsonParser p, String file, boolean groups) {
        this.p = p;
        this.file = file;
        this.groups = groups;
    }

    /**
     * Reads the object the parser stands on (its {@code START_OBJECT}) and leaves the parser on its
     * {@code END_OBJECT}.
     *
     * @param file named in messages
     */
    static RunView read(JsonParser p, String file) throws IOException, CliException {
        return new RunJson(p, file, true).run();
    }

    /**
     * As {@link #read}, but the groups (stages, models, providers, operations, stage costs) are skipped, not read:
     * a line of {@code history} needs only the run's own fields, and most of an entry's text is its groups.
     */
    static RunView readSummary(JsonParser p, String file) throws IOException, CliException {
        return new RunJson(p, file, false).run();
    }

    private RunView run() throws IOException, CliException {
        expect(JsonToken.START_OBJECT, "a run (a JSON object)");
        String runId = null;
        String workflow = null;
        Instant started = null;
        Instant ended = null;
        String status = null;
        BigDecimal budget = null;
        Long total = null;
        Totals totals = null;
        Map<String, Totals> stages = null;
        Map<String, Totals> models = Map.of();
        Map<String, Totals> providers = Map.of();
        Map<String, Totals> operations = Map.of();
        Map<String, Totals> unpriced = Map.of();
        Map<String, Long> costs = null;
        long unmetered = 0;
        List<String> warnings = List.of();
        boolean sawGroups = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (!groups && GROUPS.contains(name)) {
                sawGroups |= name.equals("stages");
                p.skipChildren();
                continue;
            }
            switch (name) {
                case "run_id" -> runId = text(name);
                case "workflow" -> workflow = text(name);
                case "started_at" -> started = instant(name);
                case "ended_at" -> ended = instant(name);
                case "status" -> status = text(name);
                case "budget_usd" -> budget = p.currentToken() == JsonToken.VALUE_NULL ? null : decimal(name);
                case "total_cost_usd" -> total = picos(name);
                case "totals" -> totals = figures(name);
                case "stages" -> stages = groups(name);
                case "models" -> models = groups(name);
                case "providers" -> providers = groups(name);
                case "operations" -> operations = groups(name);
                case "unpriced_models" -> unpriced = groups(name);
                case "unmetered_calls" -> unmetered = whole(name);
                case "warnings" -> warnings = texts(name);
                case "costs" -> costs = amounts(name);
                default -> p.skipChildren();
            }
        }
        if (runId == null) {
            throw fail("a run without 'run_id'");
        }
        boolean detailed = stages != null || totals != null || sawGroups;
        if (!detailed) {
            stages = new LinkedHashMap<>();
            long sum = 0;
            if (costs != null) {
                for (Map.Entry<String, Long> e : costs.entrySet()) {
                    stages.put(e.getKey(), new Totals(0, 0, 0, 0, 0, e.getValue()));
                    sum = Math.addExact(sum, e.getValue());
                }
            }
            totals = new Totals(0, 0, 0, 0, 0, total != null ? total : sum);
        } else {
            if (stages == null) {
                stages = Map.of();
            }
            if (totals == null) {
                totals = Totals.ZERO;
                for (Totals t : stages.values()) {
                    totals = totals.plus(t);
                }
            }
        }
        return new RunView(runId, workflow, started, ended, status, budget, totals, stages, models, providers,
                operations, unpriced, unmetered, warnings, detailed);
    }

    /** {@code cost_log.json}'s {@code cumulative} object, the parser on its {@code START_OBJECT}. */
    static Cumulative cumulative(JsonParser p, String file) throws IOException, CliException {
        RunJson r = new RunJson(p, file, true);
        r.expect(JsonToken.START_OBJECT, "'cumulative' (a JSON object)");
        long runs = 0;
        long total = 0;
        Map<String, Long> stages = Map.of();
        Map<String, Long> models = Map.of();
        Map<String, Long> workflows = Map.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "runs" -> runs = r.whole(name);
                case "total_cost_usd" -> total = r.picos(name);
                case "stages" -> stages = r.amounts(name);
                case "models" -> models = r.amounts(name);
                case "workflows" -> workflows = r.amounts(name);
                default -> p.skipChildren();
            }
        }
        return new Cumulative(runs, total, stages, models, workflows);
    }

    private Totals figures(String what) throws IOException, CliException {
        expect(JsonToken.START_OBJECT, "'" + what + "' (an object of calls, tokens and cost_usd)");
        long calls = 0;
        long input = 0;
        long output = 0;
        long cacheRead = 0;
        long cacheWrite = 0;
        long cost = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "calls" -> calls = whole(name);
                case "input_tokens" -> input = whole(name);
                case "output_tokens" -> output = whole(name);
                case "cache_read_tokens" -> cacheRead = whole(name);
                case "cache_write_tokens" -> cacheWrite = whole(name);
                case "cost_usd" -> cost = picos(name);
                default -> p.skipChildren();
            }
        }
        return new Totals(calls, input, output, cacheRead, cacheWrite, cost);
    }

    private Map<String, Totals> groups(String what) throws IOException, CliException {
        expect(JsonToken.START_OBJECT, "'" + what + "' (an object of names)");
        Map<String, Totals> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            out.put(name, figures(what + "." + name));
        }
        return out;
    }

    private Map<String, Long> amounts(String what) throws IOException, CliException {
        expect(JsonToken.START_OBJECT, "'" + what + "' (an object of names to dollars)");
        Map<String, Long> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            out.put(name, picos(what + "." + name));
        }
        return out;
    }

    private List<String> texts(String what) throws IOException, CliException {
        expect(JsonToken.START_ARRAY, "'" + what + "' (a list of texts)");
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(text(what));
        }
        return out;
    }

    private String text(String what) throws CliException, IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw fail("'" + what + "' must be a text");
        }
        return p.getText();
    }

    private Instant instant(String what) throws CliException, IOException {
        String s = text(what);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw fail("'" + what + "' is not a timestamp: '" + s + "'");
        }
    }

    private BigDecimal decimal(String what) throws CliException, IOException {
        if (!p.currentToken().isNumeric()) {
            throw fail("'" + what + "' must be a number of dollars");
        }
        return p.getDecimalValue();
    }

    private long picos(String what) throws CliException, IOException {
        BigDecimal usd = decimal(what);
        try {
            return Money.picos(usd);
        } catch (ArithmeticException e) {
            throw fail("'" + what + "' is finer than a picodollar or too large: " + usd.toPlainString());
        }
    }

    private long whole(String what) throws CliException, IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw fail("'" + what + "' must be a whole number");
        }
        try {
            return p.getLongValue();
        } catch (IOException e) {
            throw fail("'" + what + "' is too large");
        }
    }

    private void expect(JsonToken token, String what) throws CliException {
        if (p.currentToken() != token) {
            throw fail("expected " + what);
        }
    }

    private CliException fail(String problem) {
        return new CliException(file + ": not a cost log or report: " + problem + " " + where(p.currentTokenLocation()));
    }

    static String where(JsonLocation at) {
        return at == null ? "" : "(line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
