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

/** Renders a {@link RunSnapshot} as the {@code cost_report.json} document of SPEC section 4. */
public final class ReportJson {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private ReportJson() {
    }

    public static byte[] render(RunSnapshot s) {
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
