package dev.costagent.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.costagent.agent.ledger.Totals;
import dev.costagent.agent.pricing.Money;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Renders a {@link RunSnapshot} as the {@code cost_report.json} document of SPEC section 4: with {@link JsonText},
 * or, for what that declines, with jackson-core as it always was (the bytes are the same either way).
 */
public final class ReportJson {

    private ReportJson() {
    }

    public static byte[] render(RunSnapshot s) {
        try {
            return renderWithoutFallback(s);
        } catch (JsonText.Declined e) {
            return WithJackson.render(s);
        }
    }

    /** As {@link #render}, by {@link JsonText} alone. */
    static byte[] renderWithoutFallback(RunSnapshot s) {
        JsonText g = new JsonText(4096);
        write(g, s);
        return g.withFinalNewline();
    }

    private static void write(JsonText g, RunSnapshot s) {
        g.startObject();
        g.name("run_id");
        g.value(s.runId());
        g.name("workflow");
        g.value(s.workflow());
        g.name("started_at");
        g.value(s.startedAt().toString());
        g.name("ended_at");
        g.value(s.endedAt().toString());
        g.name("status");
        g.value(s.status());
        g.name("budget_usd");
        if (s.budgetUsd() == null) {
            g.nullValue();
        } else {
            g.value(s.budgetUsd());
        }
        g.name("total_cost_usd");
        g.value(Money.usd(s.totals().picos()));
        g.name("totals");
        totals(g, s.totals());
        group(g, "stages", s.stages());
        group(g, "models", s.models());
        group(g, "providers", s.providers());
        group(g, "operations", s.operations());
        group(g, "unpriced_models", s.unpriced());
        g.name("unmetered_calls");
        g.value(s.unmeteredCalls());
        g.name("warnings");
        g.startArray();
        for (String w : s.warnings()) {
            g.value(w);
        }
        g.endArray();
        g.endObject();
    }

    private static void group(JsonText g, String name, Map<String, Totals> m) {
        g.name(name);
        g.startObject();
        for (Map.Entry<String, Totals> e : m.entrySet()) {
            g.name(e.getKey());
            totals(g, e.getValue());
        }
        g.endObject();
    }

    private static void totals(JsonText g, Totals t) {
        g.startObject();
        g.name("calls");
        g.value(t.calls());
        g.name("input_tokens");
        g.value(t.input());
        g.name("output_tokens");
        g.value(t.output());
        g.name("cache_read_tokens");
        g.value(t.cacheRead());
        g.name("cache_write_tokens");
        g.value(t.cacheWrite());
        g.name("cost_usd");
        g.value(Money.usd(t.picos()));
        g.endObject();
    }

    /** The rendering of old, loaded (with its ~60 classes) only for what {@link JsonText} declines. */
    private static final class WithJackson {

        private static final JsonFactory JSON = JsonFactory.builder()
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();

        static byte[] render(RunSnapshot s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
                g.writeStartObject();
                g.writeStringField("run_id", s.runId());
                g.writeStringField("workflow", s.workflow());
                g.writeStringField("started_at", s.startedAt().toString());
                g.writeStringField("ended_at", s.endedAt().toString());
                g.writeStringField("status", s.status());
                g.writeFieldName("budget_usd");
                if (s.budgetUsd() == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(s.budgetUsd());
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
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.write('\n');
            return out.toByteArray();
        }

        private static void group(JsonGenerator g, String name, Map<String, Totals> m) throws IOException {
            g.writeObjectFieldStart(name);
            for (Map.Entry<String, Totals> e : m.entrySet()) {
                g.writeFieldName(e.getKey());
                totals(g, e.getValue());
            }
            g.writeEndObject();
        }

        private static void totals(JsonGenerator g, Totals t) throws IOException {
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
    }
}
