package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.costagent.agent.report.RunSnapshotJson;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * The commands' {@code --json} output, with jackson-core's generator: money as plain decimals ({@code 0.000003},
 * never {@code 3.0E-6}), exact, as in the agent's files.
 */
final class JsonOut {

    static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private JsonOut() {
    }

    /** A pretty-printing generator on {@code out}, which it does not close. */
    static JsonGenerator pretty(Writer out) throws IOException {
        JsonGenerator g = JSON.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setPrettyPrinter(new DefaultPrettyPrinter());
        return g;
    }

    /** A run in {@code cost_report.json}'s form; an older log entry as it was written (stage {@code costs} only). */
    static void run(JsonGenerator g, RunView r) throws IOException {
        g.writeStartObject();
        g.writeStringField("run_id", r.runId());
        g.writeStringField("workflow", r.workflow());
        g.writeStringField("started_at", r.startedAt() == null ? null : r.startedAt().toString());
        g.writeStringField("ended_at", r.endedAt() == null ? null : r.endedAt().toString());
        g.writeStringField("status", r.status());
        g.writeFieldName("budget_usd");
        if (r.budgetUsd() == null) {
            g.writeNull();
        } else {
            g.writeNumber(r.budgetUsd());
        }
        g.writeFieldName("total_cost_usd");
        usd(g, r.costPicos());
        if (!r.detailed()) {
            g.writeObjectFieldStart("costs");
            for (Map.Entry<String, Totals> e : r.stages().entrySet()) {
                g.writeFieldName(e.getKey());
                usd(g, e.getValue().picos());
            }
            g.writeEndObject();
            g.writeEndObject();
            return;
        }
        g.writeFieldName("totals");
        figures(g, r.totals());
        groups(g, "stages", r.stages());
        groups(g, "models", r.models());
        groups(g, "providers", r.providers());
        groups(g, "operations", r.operations());
        groups(g, "unpriced_models", r.unpriced());
        g.writeNumberField("unmetered_calls", r.unmeteredCalls());
        g.writeArrayFieldStart("warnings");
        for (String w : r.warnings()) {
            g.writeString(w);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void groups(JsonGenerator g, String name, Map<String, Totals> groups) throws IOException {
        RunSnapshotJson.group(g, name, groups);
    }

    static void figures(JsonGenerator g, Totals t) throws IOException {
        RunSnapshotJson.totals(g, t);
    }

    static void amounts(JsonGenerator g, String name, Map<String, Long> picos) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : picos.entrySet()) {
            g.writeFieldName(e.getKey());
            usd(g, e.getValue());
        }
        g.writeEndObject();
    }

    static void usd(JsonGenerator g, long picos) throws IOException {
        g.writeNumber(Money.usd(picos));
    }
}
