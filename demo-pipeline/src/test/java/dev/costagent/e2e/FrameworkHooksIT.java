package dev.costagent.e2e;

import static dev.costagent.e2e.AgentEndToEndIT.assertUsd;
import static dev.costagent.e2e.SdkHooksIT.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The framework hooks, end to end, on the real clients against the loopback server: LangChain4j, Google GenAI and
 * Bedrock in one JVM ({@link FrameworkProgram}, on the newest JDK), Spring AI in another (on the build's JDK).
 *
 * <p>Expected figures (bundled catalog, USD per million tokens):
 * <ul>
 *   <li>LangChain4j: OpenAI gpt-4o (12 uncached, 2048 cached, 150 out: 12*2.5 + 2048*1.25 + 150*10 = 0.00409),
 *       Anthropic Sonnet 4.5 (12 in, 2048 read, 100 written, 6 out: 0.0011154), an OpenAI gpt-4o-mini stream
 *       (500 uncached, 500 cached, 100 out: 0.0001725), and an Anthropic Haiku 4.5 stream, whose 300 cache
 *       writes LangChain4j reports without the 1-hour split, so 5-minute (20*1 + 300*1.25 + 40*5 = 0.000595).
 *       Total 0.0059729, four calls.</li>
 *   <li>Google GenAI, gemini-2.5-flash: generateContent (12 uncached, 2048 cached, 150 candidates + 64 thoughts:
 *       12*0.3 + 2048*0.03 + 214*2.5 = 0.00060004); a stream whose last chunk has 100 prompt, 50 candidates and
 *       10 thoughts (0.00018); automatic function calling, two HTTP calls whose responses name no model, priced
 *       by the request's (50 in, 5 out: 0.0000275; 80 in, 20 out: 0.000074). Total 0.00088154, four calls.</li>
 *   <li>Bedrock Converse, us.anthropic.claude-sonnet-4-5-20250929-v1:0 (from the request), sync and async:
 *       2 * 0.0011154 = 0.0022308; and converseStream, whose metadata event has 100 in, 200 cache reads, 40 cache
 *       writes, 50 out (100*3 + 200*0.3 + 40*3.75 + 50*15 = 0.00126). Total 0.0034908, three calls.</li>
 *   <li>Unstaged, Google GenAI's async models: generateContent as above (0.00060004) and a stream as above
 *       (0.00018). Total 0.00078004, two calls.</li>
 * </ul>
 * And Spring AI over the official SDKs in a JVM of its own ({@link SpringAiProgram}), each HTTP call counted once:
 * <ul>
 *   <li>by the OpenAI SDK hooks beneath Spring AI: a tracked wrapper around a gpt-4o call (0.00409, under the
 *       wrapper's name, and nothing more when the same response is returned again), a gpt-4o-mini stream
 *       (0.0001725; its native usage is the object the SDK hook counted, so the Spring layer adds nothing) and
 *       ChatClient's tool loop of two gpt-4o-mini calls (300 in, 20 out: 0.000057; 400 in, 10 out: 0.000066);</li>
 *   <li>by the Spring AI hooks over the Anthropic SDK, which Spring AI calls through {@code withRawResponse()}, a
 *       path the SDK hooks do not see: Sonnet (0.0011154) and a Haiku stream whose 300 cache writes Spring AI
 *       reports without the 1-hour split (20*1 + 300*1.25 + 40*5 = 0.000595).</li>
 * </ul>
 * Total 0.0060959, six calls.
 */
class FrameworkHooksIT extends LoopbackTest {

    static final BigDecimal LANGCHAIN4J = new BigDecimal("0.0059729");
    static final BigDecimal GOOGLE = new BigDecimal("0.00088154");
    static final BigDecimal BEDROCK = new BigDecimal("0.0034908");
    static final BigDecimal GOOGLE_ASYNC = new BigDecimal("0.00078004");
    static final BigDecimal SPRING_AI = new BigDecimal("0.0060959");

    private JsonNode report() throws IOException {
        return JSON.readTree(work.resolve("data/cost_report.json").toFile());
    }

    @Test
    void langChain4jGoogleGenAiAndBedrockArePricedOnceWithoutCodeChanges() throws Exception {
        server.overrideNextResponse("/v1/chat/completions", fixture("openai_chat.json"));
        server.overrideNextResponse("/v1/messages", fixture("anthropic_message.json"));
        server.overrideNextResponse("/v1/chat/completions", fixture("openai_chat_stream_with_usage.sse"));
        server.overrideNextResponse("/v1/messages", fixture("anthropic_stream.sse"));
        String gemini = "/v1beta/models/gemini-2.5-flash:";
        server.overrideNextResponse(gemini + "generateContent", fixture("gemini_generate_content.json"));
        server.overrideNextResponse(gemini + "streamGenerateContent", fixture("gemini_stream.sse"));
        server.overrideNextResponse(gemini + "generateContent", fixture("gemini_function_call.json"));
        server.overrideNextResponse(gemini + "generateContent", fixture("gemini_after_function.json"));
        String bedrock = "/model/" + FrameworkProgram.BEDROCK_MODEL + "/converse";
        server.overrideNextResponse(bedrock, fixture("bedrock_converse.json"));
        server.overrideNextResponse(bedrock, fixture("bedrock_converse.json"));

        server.overrideNextResponse(gemini + "generateContent", fixture("gemini_generate_content.json"));
        server.overrideNextResponse(gemini + "streamGenerateContent", fixture("gemini_stream.sse"));

        AgentProcess.Result r;
        try (BedrockEventStreamServer eventStreams = new BedrockEventStreamServer()) {
            // On the newest JDK (the Spring AI test runs on the build's): both are covered without a third JVM.
            String newest = Jdks.all().get(1);
            r = AgentProcess.run(newest, work, List.of(), AgentProcess.classPath(e -> true),
                    FrameworkProgram.class.getName(), server.baseUrl(), eventStreams.baseUrl());
            assertEquals(1, eventStreams.served(), r.all());
        }

        assertEquals(0, r.exit(), r.all() + "\n" + server.requests());
        assertTrue(r.stdout().contains("DONE"), r.all());
        JsonNode report = report();
        assertUsd(LANGCHAIN4J, report.at("/stages/langchain4j/cost_usd"), "langchain4j\n" + report + "\n" + r.all());
        assertUsd(GOOGLE, report.at("/stages/google/cost_usd"), "google\n" + report);
        assertUsd(BEDROCK, report.at("/stages/bedrock/cost_usd"), "bedrock\n" + report);
        assertUsd(GOOGLE_ASYNC, report.at("/stages/unstaged/cost_usd"), "unstaged\n" + report);
        assertUsd(LANGCHAIN4J.add(GOOGLE).add(BEDROCK).add(GOOGLE_ASYNC), report.get("total_cost_usd"), "total");
        assertEquals(13, report.at("/totals/calls").asInt(), report.get("totals").toString());
        assertEquals(0, report.get("unmetered_calls").asInt(), "no wrapper counted as unmetered");
        assertTrue(report.at("/unpriced_models").isEmpty(), report.get("unpriced_models").toString());
        // Operation names: the enclosing tracked call's, else the hook's.
        assertUsd(new BigDecimal("0.00409"), report.at("/operations/Lc4jWrapper.ask/cost_usd"), "wrapped once");
        assertTrue(report.at("/operations/Lc4jWrapper.again").isMissingNode(), "an already counted response adds nothing");
        assertUsd(new BigDecimal("0.000595"), report.at("/operations/Lc4jWrapper.stream/cost_usd"), "stream in a wrapper");
        assertEquals(1, report.at("/operations/langchain4j.chat/calls").asInt());
        assertEquals(1, report.at("/operations/langchain4j.chat.stream/calls").asInt());
        assertEquals(4, report.at("/operations/google.models.generate_content/calls").asInt(),
                "sync, async, and automatic function calling's two HTTP calls");
        assertEquals(2, report.at("/operations/google.models.generate_content_stream/calls").asInt());
        assertEquals(2, report.at("/operations/bedrock.converse/calls").asInt());
        assertUsd(new BigDecimal("0.00126"), report.at("/operations/bedrock.converse_stream/cost_usd"), "event stream");
        assertEquals(4, report.at("/models/claude-sonnet-4-5/calls").asInt(),
                "LangChain4j's Sonnet call and Bedrock's three, whose id resolved to the catalog's");
        assertEquals(0, r.stderr().split("internal fault", -1).length - 1, r.all());
    }

    /**
     * Spring AI 2.0.1 needs anthropic-java-core 2.52.0 and jackson-annotations 2.21, which the build copies to
     * {@code target/spring-ai-e2e}; they replace the demo's own versions on this JVM's class path only.
     */
    private static String springAiClassPath() throws IOException {
        Path jars = Path.of("target", "spring-ai-e2e").toAbsolutePath();
        String anthropic = jars.resolve("anthropic-java-core-2.52.0.jar").toString();
        String annotations = jars.resolve("jackson-annotations-2.21.jar").toString();
        return java.util.Arrays.stream(AgentProcess.classPath(e -> true).split(java.io.File.pathSeparator))
                .map(e -> {
                    String unix = e.replace('\\', '/');
                    if (unix.contains("/anthropic-java-core/")) {
                        return anthropic;
                    }
                    return unix.contains("/jackson-annotations/") ? annotations : e;
                })
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    @Test
    void springAiOverTheOfficialSdksIsCountedOnceByTheSdkHooks() throws Exception {
        server.overrideNextResponse("/v1/chat/completions", fixture("openai_chat.json"));
        server.overrideNextResponse("/v1/chat/completions", fixture("openai_chat_stream_with_usage.sse"));
        server.overrideNextResponse("/v1/messages", fixture("anthropic_message.json"));
        server.overrideNextResponse("/v1/messages", fixture("anthropic_stream.sse"));
        server.overrideNextResponse("/v1/chat/completions", fixture("openai_chat_tool_call.json"));
        server.overrideNextResponse("/v1/chat/completions", fixture("openai_chat_after_tool.json"));

        AgentProcess.Result r = AgentProcess.run(System.getProperty("java.home"), work, List.of(),
                springAiClassPath(), SpringAiProgram.class.getName(), server.baseUrl());

        assertEquals(0, r.exit(), r.all());
        assertTrue(r.stdout().contains("tool loop It is 12:00."), r.all());
        assertEquals(6, server.requestCount(), "six HTTP calls");
        JsonNode report = report();
        assertUsd(SPRING_AI, report.get("total_cost_usd"), "total\n" + report + "\n" + r.all());
        assertUsd(SPRING_AI, report.at("/stages/spring-ai/cost_usd"), "stage");
        assertEquals(6, report.at("/totals/calls").asInt(), "one per HTTP call: " + report.get("totals"));
        assertEquals(0, report.get("unmetered_calls").asInt());
        assertUsd(new BigDecimal("0.00409"), report.at("/operations/SpringWrapper.ask/cost_usd"), "wrapped once");
        assertTrue(report.at("/operations/SpringWrapper.again").isMissingNode(), "an already counted response adds nothing");
        assertEquals(1, report.at("/operations/openai.chat.completions.stream/calls").asInt());
        assertEquals(2, report.at("/operations/openai.chat.completions.create/calls").asInt(), "the tool loop's two calls");
        assertUsd(new BigDecimal("0.0002955"), report.at("/models/gpt-4o-mini/cost_usd"),
                "the stream (0.0001725) and the tool loop (0.000123)");
        assertUsd(new BigDecimal("0.0011154"), report.at("/operations/spring-ai.chat.call/cost_usd"), "Anthropic call");
        assertUsd(new BigDecimal("0.000595"), report.at("/operations/spring-ai.chat.stream/cost_usd"), "Anthropic stream");
        assertEquals(1, report.at("/operations/spring-ai.chat.call/calls").asInt(), "the OpenAI calls are the SDK's");
        assertEquals(1, report.at("/operations/spring-ai.chat.stream/calls").asInt(), "the OpenAI stream is the SDK's");
        assertEquals(0, r.stderr().split("internal fault", -1).length - 1, r.all());
    }
}
