package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.costagent.agent.report.text.UsageTable;
import dev.costagent.agent.value.Totals;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code html}'s page: one self-contained file (styles, scripts and data inline, nothing fetched at view time)
 * with the last run's spend by stage and by model, the cost per run over the history, the cumulative total, and
 * the tables of {@code report}.
 *
 * <p>Names from the data (workflow, stage, model, operation, warning) are text everywhere: escaped as HTML in the
 * tables; in the charts, which draw them as SVG text, and in tooltips, whose formatters escape them (page.js). The
 * data travels as JSON in a {@code <script type="application/json">} block with {@code < > &} escaped, and a
 * Content-Security-Policy allows only the page's own two scripts (by hash): even a name that got through could not
 * run, nor load anything.
 */
final class HtmlPage {

    /** The chart library, as the webjar serves it; the version is also agent/pom.xml's echarts.version. */
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final String RESOURCES = "dev/costagent/agent/cli/html/";
    /** Runs listed in the page's history table; the chart shows every run. */
    static final int TABLE_RUNS = 50;

    private static final Pattern SLOT = Pattern.compile("\\{\\{(\\w+)}}");

    private HtmlPage() {
    }

    static String render(RunSource source) throws CliException {
        RunView report = source.latestReport();
        StringWriter history = new StringWriter();
        ArrayDeque<RunView> recent = new ArrayDeque<>();
        RunView[] last = new RunView[1];
        CumulativeView cumulative;
        try (JsonGenerator g = scriptSafe(history)) {
            g.writeStartArray();
            cumulative = source.scanSummaries(r -> {
                try {
                    g.writeStartArray();
                    g.writeString(r.runId());
                    g.writeString(r.startedAt() == null ? null : r.startedAt().toString());
                    g.writeString(UsageTable.usd(r.costPicos()));
                    g.writeString(r.workflow());
                    g.writeString(r.status());
                    g.writeEndArray();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (recent.size() == TABLE_RUNS) {
                    recent.removeFirst();
                }
                recent.addLast(r);
                last[0] = r;
            });
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (report == null && last[0] == null) {
            throw new CliException(source.describe() + ": the log holds no run yet");
        }
        // Without this run's report, the log's last entry, read again in full (the scan read summaries).
        RunView run = report != null ? report : source.find(last[0].runId());
        if (run == null) {
            throw new CliException(source.describe() + ": run " + last[0].runId() + " changed while it was read");
        }
        String data = data(run, history.toString(), cumulative);
        String script = resource(RESOURCES + "page.js");
        String echarts = inlineScript(resource(ECHARTS));
        String csp = "default-src 'none'; script-src '" + sha256(echarts) + "' '" + sha256(script)
                + "'; style-src 'unsafe-inline'; img-src data:";
        return fill(resource(RESOURCES + "page.html"), Map.of(
                "csp", HtmlText.escape(csp),
                "title", HtmlText.escape("cost-agent: " + run.runId() + " (" + ReportText.orDash(run.workflow()) + ")"),
                "style", resource(RESOURCES + "page.css"),
                "summary", HtmlTables.summary(run, cumulative),
                "tables", HtmlTables.run(run),
                "history", HtmlTables.history(recent),
                "data", data,
                "echarts", echarts,
                "script", inlineScript(script)));
    }

    /** The chart data of the run: stage and model costs (exact texts), and the history's rows. */
    private static String data(RunView run, String historyJson, CumulativeView c) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = scriptSafe(w)) {
            g.writeStartObject();
            g.writeStringField("run_id", run.runId());
            g.writeStringField("workflow", run.workflow());
            g.writeStringField("total_cost_usd", UsageTable.usd(run.costPicos()));
            costs(g, "stages", run.stages());
            costs(g, "models", run.models());
            g.writeStringField("cumulative_usd", UsageTable.usd(c.totalPicos()));
            g.writeNumberField("cumulative_runs", c.runs());
            g.writeFieldName("history");
            g.writeRawValue(historyJson);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void costs(JsonGenerator g, String name, Map<String, Totals> groups) throws IOException {
        g.writeArrayFieldStart(name);
        for (Map.Entry<String, Totals> e : groups.entrySet()) {
            g.writeStartObject();
            g.writeStringField("name", e.getKey());
            g.writeStringField("cost_usd", UsageTable.usd(e.getValue().picos()));
            g.writeNumberField("calls", e.getValue().calls());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static JsonGenerator scriptSafe(StringWriter w) throws IOException {
        JsonGenerator g = JsonOut.JSON.createGenerator(w);
        g.setCharacterEscapes(new HtmlText.ScriptSafeJson());
        return g;
    }

    /** A script's text made safe to inline: it must not end its own element early. */
    static String inlineScript(String js) {
        return js.replace("</script", "<\\/script").replace("<!--", "<\\!--");
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = SLOT.matcher(template);
        StringBuilder b = new StringBuilder(template.length() + 2_000_000);
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("page.html names an unknown slot " + m.group());
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    static String sha256(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the agent jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
