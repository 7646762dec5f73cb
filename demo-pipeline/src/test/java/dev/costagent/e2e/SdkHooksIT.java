package dev.costagent.e2e;

import static dev.costagent.e2e.AgentEndToEndIT.assertUsd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SDK hooks, end to end: {@link UnannotatedSdkProgram} has no annotation, and the agent must price every call
 * it makes through the real Anthropic and OpenAI clients, exactly once.
 *
 * <p>Expected figures (bundled catalog):
 * <ul>
 *   <li>Anthropic: sync, async and beta create of the Sonnet body (0.0011154 each); two Haiku streams, sync and
 *       async (20 input, 300 1-hour cache writes, 40 output: 20*1 + 300*2 + 40*5 = 0.00082 each); one succeeded
 *       batch result of the Sonnet body at half price (0.0005577) and one errored result (free).
 *       Total 0.0055439.</li>
 *   <li>OpenAI: chat gpt-4o 0.00409; a gpt-4o-mini stream with usage (1000 prompt incl. 500 cached, 100 out:
 *       0.0001725); a stream without usage (unmetered); responses gpt-4.1 0.002248; a gpt-5 responses stream
 *       (3000 input incl. 1000 cached, 500 out: 0.007625); embeddings 0.00002. Total 0.0141555.</li>
 * </ul>
 */
class SdkHooksIT extends LoopbackTest {

    static final BigDecimal ANTHROPIC = new BigDecimal("0.0055439");
    static final BigDecimal OPENAI = new BigDecimal("0.0141555");

    private void serveOneRun() throws IOException {
        server.overrideNextResponse("/v1/messages", fixture("anthropic_message.json"));
        server.overrideNextResponse("/v1/messages", fixture("anthropic_message.json"));
        server.overrideNextResponse("/v1/messages", fixture("anthropic_stream.sse"));
        server.overrideNextResponse("/v1/messages", fixture("anthropic_stream.sse"));
        server.overrideNextResponse("/v1/messages", fixture("anthropic_message.json"));
        server.overrideNextResponse("/v1/messages/batches/msgbatch_e2e/results", 200, "application/binary",
                fixture("anthropic_batch_results.jsonl"));
        server.overrideNextResponse("/v1/chat/completions", fixture("openai_chat.json"));
        server.overrideNextResponse("/v1/chat/completions", fixture("openai_chat_stream_with_usage.sse"));
        server.overrideNextResponse("/v1/chat/completions", fixture("openai_chat_stream_no_usage.sse"));
        server.overrideNextResponse("/v1/responses", fixture("openai_response.json"));
        server.overrideNextResponse("/v1/responses", fixture("openai_responses_stream.sse"));
        server.overrideNextResponse("/v1/embeddings", fixture("openai_embeddings.json"));
    }

    private AgentProcess.Result run(List<String> jvmArgs) throws Exception {
        serveOneRun();
        return AgentProcess.run(System.getProperty("java.home"), work, jvmArgs, AgentProcess.classPath(e -> true),
                UnannotatedSdkProgram.class.getName(), server.baseUrl(), server.openAiBaseUrl());
    }

    private JsonNode report() throws IOException {
        return JSON.readTree(work.resolve("data/cost_report.json").toFile());
    }

    @Test
    void everyHookedClientPathIsPricedOnceWithoutAnyAnnotation() throws Exception {
        AgentProcess.Result r = run(List.of());
        assertEquals(0, r.exit(), r.all());
        JsonNode report = report();
        assertUsd(ANTHROPIC.add(OPENAI), report.get("total_cost_usd"), "total\n" + r.all());
        assertUsd(ANTHROPIC.add(OPENAI), report.at("/stages/unstaged/cost_usd"), "unstaged");
        assertUsd(ANTHROPIC, report.at("/providers/anthropic/cost_usd"), "anthropic");
        assertUsd(OPENAI, report.at("/providers/openai/cost_usd"), "openai");
        assertEquals(11, report.at("/totals/calls").asInt(), "5 Anthropic calls + 1 batch result + 5 OpenAI calls with usage: " + report.get("totals"));
        assertEquals(1, report.get("unmetered_calls").asInt(), "the stream without usage");
        assertEquals(2, report.at("/operations/anthropic.messages.create/calls").asInt());
        assertEquals(2, report.at("/operations/anthropic.messages.stream/calls").asInt());
        assertEquals(1, report.at("/operations/anthropic.beta.messages.create/calls").asInt());
        assertUsd(new BigDecimal("0.0005577"), report.at("/operations/anthropic.messages.batches.results/cost_usd"),
                "batch results at half price");
        assertUsd(new BigDecimal("0.0001725"), report.at("/operations/openai.chat.completions.stream/cost_usd"),
                "chat stream with usage");
        assertUsd(new BigDecimal("0.007625"), report.at("/operations/openai.responses.stream/cost_usd"), "responses stream");
        assertUsd(new BigDecimal("0.00164"), report.at("/models/claude-haiku-4-5/cost_usd"), "streamed haiku");
        assertEquals(600, report.at("/models/claude-haiku-4-5/cache_write_tokens").asInt(), "1h writes from the stream");
        assertEquals(80, report.at("/models/claude-haiku-4-5/output_tokens").asInt(), "message_delta's cumulative output");
        assertTrue(r.stderr().contains("carried no token usage"), r.all());
        assertEquals(1, r.stderr().split("carried no token usage", -1).length - 1, "warned once\n" + r.all());
    }

    @Test
    void stagesDeclaredByConfigurationAttributeUnannotatedCalls() throws Exception {
        AgentProcess.Result r = run(List.of("-Dbudget=5",
                "-Dcostagent.stages=dev.costagent.e2e.UnannotatedSdkProgram#stage*"));
        assertEquals(0, r.exit(), r.all());
        JsonNode report = report();
        assertUsd(ANTHROPIC, report.at("/stages/stageAnthropic/cost_usd"), "stageAnthropic\n" + r.all());
        assertUsd(OPENAI, report.at("/stages/stageOpenAi/cost_usd"), "stageOpenAi");
        assertTrue(report.at("/stages/unstaged").isMissingNode());
        assertTrue(r.stderr().contains("Stage 'stageAnthropic' cost $0.0055439"), r.all());
    }

    @Test
    void sdkHooksCanBeSwitchedOff() throws Exception {
        AgentProcess.Result r = run(List.of("-Dcostagent.sdks=false"));
        assertEquals(0, r.exit(), r.all());
        assertEquals(0, report().at("/totals/calls").asInt());
        assertEquals(0, report().get("unmetered_calls").asInt());
    }
}
