package dev.costagent.agent.cli;

import static dev.costagent.agent.cli.CostFolder.groups;
import static dev.costagent.agent.cli.CostFolder.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.value.Totals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code html} page in a real headless Chromium: rendered, charted, and hostile names kept as text. */
class HtmlPageChromiumTest {

    static final String SCRIPT_STAGE = "</script><img src=x onerror=\"document.body.setAttribute('data-pwned','stage')\">";
    static final String SCRIPT_WORKFLOW = "<script>document.body.setAttribute('data-pwned','workflow')</script>";
    static final String BOLD_MODEL = "<b>bold</b> & {{script}}";
    static final String WARNING = "<img src=y onerror=\"document.body.setAttribute('data-pwned','warning')\">";

    /** What the hostile names would do if they ran: set an attribute on the body (the names hold it as text). */
    static final Pattern ATTACKED = Pattern.compile("<body[^>]*data-pwned");

    /** The DOM without the scripts' own text (the chart library's source holds markup in its strings). */
    static String withoutScripts(String dom) {
        return Pattern.compile("<script\\b[^>]*>.*?</script>", Pattern.DOTALL).matcher(dom).replaceAll("<script/>");
    }

    @TempDir
    Path dir;

    private Path page(List<RunView> runs) throws Exception {
        CostFolder.write(dir.resolve("data"), runs, List.of());
        Path page = dir.resolve("cost-report.html");
        CliRun.of("html", "-o", page.toString(), dir.resolve("data").toString()).assertOk();
        return page;
    }

    private static RunView hostileRun() {
        Map<String, Totals> stages = groups("ideas", t(1, 54, 432, 0, 2628, "0.016497"),
                SCRIPT_STAGE, t(5, 1072, 703, 2584, 0, "0.0007764"), "rank", t(1, 509, 168, 0, 0, "0.001349"));
        Map<String, Totals> models = groups("claude-sonnet-4-5", t(1, 54, 432, 0, 2628, "0.016497"),
                BOLD_MODEL, t(6, 1581, 871, 2584, 0, "0.0021254"));
        RunView r = CostFolder.run("run-2", SCRIPT_WORKFLOW, "2026-11-22T09:00:00Z", 3, "completed", "5", stages, models);
        return new RunView(r.runId(), r.workflow(), r.startedAt(), r.endedAt(), r.status(), r.budgetUsd(), r.totals(),
                r.stages(), r.models(), r.providers(), groups(SCRIPT_STAGE, r.totals()), Map.of(), 0,
                List.of(WARNING), true);
    }

    private static RunView plainRun(String id, String started, String usd) {
        return CostFolder.run(id, "Pipeline", started, 2, "completed", "5", groups("ideas", t(1, 10, 10, 0, 0, usd)),
                groups("claude-sonnet-4-5", t(1, 10, 10, 0, 0, usd)));
    }

    @Test
    void thePageRendersItsTablesAndChartsAndHostileNamesStayText() throws Exception {
        Chromium chromium = Chromium.find(dir);
        Path page = page(List.of(plainRun("run-1", "2026-11-22T08:00:00Z", "0.02"), hostileRun()));
        String dom = withoutScripts(chromium.dumpDom(page));

        assertFalse(ATTACKED.matcher(dom).find(), "a name ran as script");
        assertFalse(Pattern.compile("<img|<b>bold|<script>document", Pattern.CASE_INSENSITIVE).matcher(dom).find(),
                "a name became markup");
        assertTrue(dom.contains("<title>cost-agent: run-2 (&lt;script&gt;document.body"), "the title is text");
        // The tables: every stage and model, as text, exactly as in the files.
        for (String name : List.of("ideas", "rank", "claude-sonnet-4-5", HtmlText.escape(SCRIPT_STAGE),
                "&lt;b&gt;bold&lt;/b&gt; &amp; {{script}}", HtmlText.escape(WARNING))) {
            assertTrue(dom.contains(name.replace("&quot;", "\"").replace("&#39;", "'")), "missing from the page: " + name);
        }
        assertTrue(dom.contains("<td class=\"n\">0.0007764</td>"), "exact money in the tables");
        // The charts are drawn (SVG), with the names as SVG text.
        for (String chart : List.of("chart-stages", "chart-models", "chart-history")) {
            Matcher m = Pattern.compile("id=\"" + chart + "\"[^>]*>(.*?)</figure>", Pattern.DOTALL).matcher(dom);
            assertTrue(m.find(), chart);
            String svg = m.group(1);
            assertTrue(svg.contains("<svg") && svg.contains("<path"), chart + " is not drawn:\n" + svg);
        }
        assertTrue(dom.contains(">$0.0007764</text>"), "bar labels with the exact cost");
        assertTrue(Pattern.compile("<text[^>]*>&lt;/script&gt;&lt;img").matcher(dom).find(), "the stage axis label is text");
    }

    @Test
    void tooltipsShowNamesAsText() throws Exception {
        Chromium chromium = Chromium.find(dir);
        Path page = page(List.of(plainRun("run-1", "2026-11-22T08:00:00Z", "0.02"), hostileRun()));
        // The test's own script opens each chart's tooltip on the hostile entry; the page's policy must allow it.
        String probe = "window.costAgentCharts[0].dispatchAction({type:'showTip',seriesIndex:0,dataIndex:1});"
                + "window.costAgentCharts[1].dispatchAction({type:'showTip',seriesIndex:0,dataIndex:1});"
                + "window.costAgentCharts[2].dispatchAction({type:'showTip',seriesIndex:0,dataIndex:1});";
        String html = Files.readString(page, StandardCharsets.UTF_8);
        // The page's own closing tag is the last one (the chart library's source has the text "</body>" too).
        int end = html.lastIndexOf("</body>");
        html = (html.substring(0, end) + "<script>" + probe + "</script>" + html.substring(end))
                .replaceFirst("script-src ", "script-src '" + HtmlPage.sha256(probe).replace("$", "\\$") + "' ");
        Path probed = Files.writeString(dir.resolve("probed.html"), html, StandardCharsets.UTF_8);
        String dom = withoutScripts(chromium.dumpDom(probed));
        assertFalse(ATTACKED.matcher(dom).find(), "a name ran as script");
        assertFalse(Pattern.compile("<img|<b>bold", Pattern.CASE_INSENSITIVE).matcher(dom).find(), "a name became markup");
        // Each chart's tooltip: the name as text, then the exact cost.
        assertTrue(dom.contains("&lt;/script&gt;&lt;img src=x onerror=\"document.body.setAttribute('data-pwned','stage')\""
                + "&gt;<br>$0.0007764 (5 calls)"), "stage tooltip");
        assertTrue(dom.contains("&lt;b&gt;bold&lt;/b&gt; &amp; {{script}}<br>$0.0021254"), "model tooltip");
        // The history tooltip is open in the page itself: the hostile workflow as text.
        assertTrue(dom.contains("run-2 (&lt;script&gt;document.body.setAttribute('data-pwned','workflow')&lt;/script&gt;, "
                + "completed)<br>2026-11-22T09:00:00Z<br>$0.0186224"), "history tooltip");
    }

    @Test
    void aScreenshotOfThePage() throws Exception {
        Chromium chromium = Chromium.find(dir);
        java.util.List<RunView> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            runs.add(plainRun("run-" + i, "2026-11-" + (10 + i / 3) + "T0" + (i % 3) + ":00:00Z",
                    "0.0" + (15 + (i * 7) % 9) + "6224"));
        }
        RunView demo = CostFolder.run("20261122T110313Z-7a9177", "IncubatorPipeline", "2026-11-22T11:03:13Z", 3,
                "completed", "5",
                groups("ideas", t(1, 54, 432, 0, 2628, "0.016497"), "critique", t(5, 1072, 703, 2584, 0, "0.0007764"),
                        "rank", t(1, 509, 168, 0, 0, "0.001349")),
                groups("claude-sonnet-4-5", t(1, 54, 432, 0, 2628, "0.016497"), "gpt-4o-mini",
                        t(5, 1072, 703, 2584, 0, "0.0007764"), "claude-haiku-4-5", t(1, 509, 168, 0, 0, "0.001349")));
        runs.add(demo);
        Path png = dir.resolve("page.png");
        chromium.screenshot(page(runs), png, 1200, 900);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertEquals("\u0089PNG", new String(head, 0, 4, StandardCharsets.ISO_8859_1));
        String keep = System.getProperty("costagent.screenshot");
        if (keep != null) {
            Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
