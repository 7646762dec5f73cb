package dev.costagent.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.events.BudgetChange;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A run as JSON, with jackson-core's streaming generator: the {@code cost_report.json} document (SPEC section 4), and
 * the same object as a run's entry in {@code cost_log.json} or a store's ledger, which adds {@code costs} (stage to
 * USD). {@link RunSnapshotReader} reads both back.
 *
 * <p>Money is written as plain decimals ({@code 0.000003}, never {@code 3.0E-6}), exact to the picodollar.
 */
public final class RunSnapshotJson {

    /** The factory every file of the agent is read and written with. */
    public static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // Two members of one name would silently lose one of them on the way back out: not a file we keep.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private RunSnapshotJson() {
    }

    /** The {@code cost_report.json} document, pretty-printed, with a final newline. */
    public static byte[] render(RunSnapshot s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(g, s, false);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON in memory", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * The run's entry in {@code cost_log.json} (and its archive, or a store's ledger): the report's object with its
     * {@code costs}, compact, on one line.
     */
    public static byte[] logEntry(RunSnapshot s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, s, true);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON in memory", e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the run as one JSON object.
     *
     * @param withCosts whether to add {@code costs} (stage to USD), as a log entry has it
     */
    public static void write(JsonGenerator g, RunSnapshot s, boolean withCosts) throws IOException {
        g.writeStartObject();
        g.writeStringField("run_id", s.runId());
        g.writeStringField("workflow", s.workflow());
        g.writeStringField("started_at", s.startedAt().toString());
        g.writeStringField("ended_at", s.endedAt().toString());
        g.writeStringField("status", s.status());
        g.writeFieldName("budget_usd");
        decimal(g, s.budgetUsd());
        if (!s.budgetChanges().isEmpty()) {
            g.writeArrayFieldStart("budget_changes");
            for (BudgetChange c : s.budgetChanges()) {
                g.writeStartObject();
                g.writeStringField("at", c.at().toString());
                g.writeFieldName("from");
                decimal(g, c.from());
                g.writeFieldName("to");
                decimal(g, c.to());
                g.writeStringField("by", c.by());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeFieldName("total_cost_usd");
        g.writeNumber(Money.usd(s.totals().picos()));
        g.writeFieldName("totals");
        totals(g, s.totals());
        group(g, "stages", s.stages());
        group(g, "models", s.models());
        group(g, "providers", s.providers());
        group(g, "operations", s.operations());
        group(g, "unpriced_models", s.unpriced());
        g.writeNumberField("unmetered_calls", s.unmeteredCalls());
        g.writeArrayFieldStart("warnings");
        for (String w : s.warnings()) {
            g.writeString(w);
        }
        g.writeEndArray();
        for (Map.Entry<String, Object> e : s.sections().entrySet()) {
            g.writeFieldName(e.getKey());
            value(g, e.getValue());
        }
        if (withCosts) {
            g.writeObjectFieldStart("costs");
            for (Map.Entry<String, Totals> stage : s.stages().entrySet()) {
                g.writeFieldName(stage.getKey());
                g.writeNumber(Money.usd(stage.getValue().picos()));
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void decimal(JsonGenerator g, BigDecimal usd) throws IOException {
        if (usd == null) {
            g.writeNull();
        } else {
            g.writeNumber(usd);
        }
    }

    /** A group of a run ({@code stages}, {@code models}, ...) as the report holds it: each name's figures. */
    public static void group(JsonGenerator g, String name, Map<String, Totals> m) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Totals> e : m.entrySet()) {
            g.writeFieldName(e.getKey());
            totals(g, e.getValue());
        }
        g.writeEndObject();
    }

    /** One set of figures as the report holds it: calls, the four token classes, and the cost in USD. */
    public static void totals(JsonGenerator g, Totals t) throws IOException {
        g.writeStartObject();
        g.writeNumberField("calls", t.calls());
        g.writeNumberField("input_tokens", t.input());
        g.writeNumberField("output_tokens", t.output());
        g.writeNumberField("cache_read_tokens", t.cacheRead());
        g.writeNumberField("cache_write_tokens", t.cacheWrite());
        g.writeFieldName("cost_usd");
        g.writeNumber(Money.usd(t.picos()));
        g.writeEndObject();
    }

    /**
     * Writes a plain JSON value, as {@link JsonValues#read} reads one: see {@link RunSnapshot#sections} for the types
     * it may hold.
     */
    public static void writeValue(JsonGenerator g, Object v) throws IOException {
        value(g, v);
    }

    /** A section's value: see {@link RunSnapshot#sections} for the types it may hold. */
    static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Long || v instanceof Integer) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                value(g, o);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }
}
