package dev.costagent.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
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
 * The reference: {@code ReportJson.render} and {@code LogDocument.render} as they were before {@link JsonText},
 * with jackson-core's generator, kept unchanged here to compare the new writer's bytes against.
 */
final class JacksonRendering {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private JacksonRendering() {
    }

    static byte[] report(RunSnapshot s) {
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

    static byte[] log(Object root, byte[] source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(source == null ? 4096 : source.length + 8192);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            new Writer(g, out, source).value(root);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private record Writer(JsonGenerator g, ByteArrayOutputStream out, byte[] source) {

        void value(Object v) throws IOException {
            if (v == null) {
                g.writeNull();
            } else if (v instanceof String s) {
                g.writeString(s);
            } else if (v instanceof BigDecimal d) {
                g.writeNumber(d);
            } else if (v instanceof Integer n) {
                g.writeNumber(n);
            } else if (v instanceof Long n) {
                g.writeNumber(n);
            } else if (v instanceof BigInteger n) {
                g.writeNumber(n);
            } else if (v instanceof Boolean t) {
                g.writeBoolean(t);
            } else if (v instanceof Map<?, ?> m) {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName((String) e.getKey());
                    value(e.getValue());
                }
                g.writeEndObject();
            } else if (v instanceof List<?> l) {
                array(l);
            } else {
                throw new IllegalArgumentException("not a JSON value: " + v.getClass());
            }
        }

        private void array(List<?> l) throws IOException {
            g.writeStartArray();
            int n = l.size();
            for (int k = 0; k < n; ) {
                if (l.get(k) instanceof LogScanner.RawRun first) {
                    LogScanner.RawRun last = first;
                    while (k + 1 < n && l.get(k + 1) instanceof LogScanner.RawRun next
                            && next.ordinal() == last.ordinal() + 1) {
                        last = next;
                        k++;
                    }
                    g.writeRawValue("");
                    g.flush();
                    out.write(source, first.start(), last.end() - first.start());
                } else {
                    value(l.get(k));
                }
                k++;
            }
            g.writeEndArray();
        }
    }
}
