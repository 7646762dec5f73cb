package dev.costagent.agent.report;

import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.util.Map;

/**
 * Renders a {@link RunSnapshot} as the {@code cost_report.json} document of SPEC section 4: with {@link JsonText},
 * or, for what that declines, with jackson-core ({@link JacksonSink}) as it always was (the bytes are the same
 * either way).
 */
public final class ReportJson {

    private ReportJson() {
    }

    public static byte[] render(RunSnapshot s) {
        try {
            return renderWithoutFallback(s);
        } catch (JsonText.Declined e) {
            JacksonSink g = new JacksonSink(4096);
            write(g, s);
            return g.withFinalNewline();
        }
    }

    /** As {@link #render}, by {@link JsonText} alone. */
    static byte[] renderWithoutFallback(RunSnapshot s) {
        JsonText g = new JsonText(4096);
        write(g, s);
        return g.withFinalNewline();
    }

    private static void write(JsonSink g, RunSnapshot s) {
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

    private static void group(JsonSink g, String name, Map<String, Totals> m) {
        g.name(name);
        g.startObject();
        for (Map.Entry<String, Totals> e : m.entrySet()) {
            g.name(e.getKey());
            totals(g, e.getValue());
        }
        g.endObject();
    }

    private static void totals(JsonSink g, Totals t) {
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
}
