package dev.costagent.agent.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.fixtures.CollectingFaults;
import dev.costagent.fixtures.ResponseBodies;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TreeUsageReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CollectingFaults faults = new CollectingFaults();
    private final UsageReader reader = new UsageReader(SdkModules.ALL, faults);

    @AfterEach
    void noFaults() {
        faults.assertNone();
    }

    /** The body as a tree of Maps, the way a hand-written HTTP client hands it back. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String json) throws Exception {
        return JSON.readValue(json, Map.class);
    }

    private static JsonNode node(String json) throws Exception {
        return JSON.readTree(json);
    }

    /** Reads the body both as a Map and as a JsonNode, asserting both agree. */
    private ResponseUsage readBoth(String json) throws Exception {
        ResponseUsage fromMap = reader.read(map(json));
        ResponseUsage fromNode = reader.read(node(json));
        assertEquals(fromMap, fromNode, "Map and JsonNode readings differ for " + json);
        return fromMap;
    }

    @Test
    void openAiChatStyleIsNormalisedLikeTheSdkObject() throws Exception {
        assertEquals(new ResponseUsage("gpt-4o-2024-08-06", "openai", new TokenCounts(12, 2048, 0, 0, 150)),
                readBoth(ResponseBodies.text("openai-chat-completion.json")));
    }

    @Test
    void openAiResponsesStyleIsToldApartFromAnthropicByItsDetails() throws Exception {
        assertEquals(new ResponseUsage("gpt-4.1-2025-04-14", "openai", new TokenCounts(524, 1024, 512, 0, 150)),
                readBoth(ResponseBodies.text("openai-response.json")));
    }

    @Test
    void anthropicStyleIsToldApartFromResponsesByItsCacheFields() throws Exception {
        assertEquals(new ResponseUsage("claude-sonnet-4-5-20250929", "anthropic",
                new TokenCounts(12, 2048, 100, 200, 6)), readBoth(ResponseBodies.text("anthropic-message.json")));
    }

    @Test
    void anthropicCacheCreationWithoutTheSplitIsAllFiveMinuteWrites() throws Exception {
        assertEquals(new TokenCounts(40, 0, 500, 0, 9),
                readBoth(ResponseBodies.text("anthropic-message-without-cache-creation.json")).tokens());
    }

    @Test
    void embeddingStyleIsAllInput() throws Exception {
        assertEquals(new ResponseUsage("text-embedding-3-small", "openai", new TokenCounts(8, 0, 0, 0, 0)),
                readBoth(ResponseBodies.text("openai-embedding.json")));
    }

    @Test
    void plainInputAndOutputTokensAreReadWithoutGuessingTheProvider() throws Exception {
        assertEquals(new ResponseUsage("some-model", null, new TokenCounts(30, 0, 0, 0, 7)),
                readBoth("{\"model\":\"some-model\",\"usage\":{\"input_tokens\":30,\"output_tokens\":7}}"));
    }

    @Test
    void modelIsNullWhenTheBodyNamesNoneOrNotAsAString() throws Exception {
        assertNull(readBoth("{\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}").model());
        assertNull(readBoth("{\"model\":{\"id\":\"x\"},\"usage\":{\"prompt_tokens\":3}}").model());
    }

    @Test
    void nullFieldsCountAsAbsent() throws Exception {
        assertEquals(new TokenCounts(12, 0, 5, 0, 6), readBoth("{\"usage\":{\"input_tokens\":12,"
                + "\"cache_read_input_tokens\":null,\"cache_creation_input_tokens\":5,\"cache_creation\":null,"
                + "\"output_tokens\":6}}").tokens());
    }

    @Test
    void bodiesWithoutAUsageObjectHaveNoUsage() throws Exception {
        assertNull(readBoth("{}"));
        assertNull(readBoth("{\"model\":\"gpt-4o\"}"));
        assertNull(readBoth("{\"usage\":null}"));
        assertNull(readBoth("{\"usage\":42}"));
        assertNull(readBoth("{\"usage\":\"12 tokens\"}"));
        assertNull(readBoth("{\"usage\":[{\"input_tokens\":1}]}"));
        assertNull(readBoth("{\"usage\":{}}"));
        assertNull(readBoth("{\"usage\":{\"total_tokens\":12}}"));
        assertNull(readBoth("{\"usage\":{\"input_tokens\":null,\"output_tokens\":null}}"));
    }

    @Test
    void garbageFiguresMakeTheUsageUnreadable() throws Exception {
        for (String usage : List.of(
                "{\"prompt_tokens\":-1,\"completion_tokens\":2}",
                "{\"prompt_tokens\":1.5,\"completion_tokens\":2}",
                "{\"prompt_tokens\":\"ten\",\"completion_tokens\":2}",
                "{\"prompt_tokens\":\"\",\"completion_tokens\":2}",
                "{\"prompt_tokens\":\"-3\",\"completion_tokens\":2}",
                "{\"prompt_tokens\":true,\"completion_tokens\":2}",
                "{\"prompt_tokens\":[1],\"completion_tokens\":2}",
                "{\"prompt_tokens\":1e300,\"completion_tokens\":2}",
                "{\"prompt_tokens\":123456789012345678901234567890,\"completion_tokens\":2}",
                "{\"prompt_tokens\":5,\"prompt_tokens_details\":\"cached\"}",
                "{\"prompt_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":{\"a\":{\"b\":{\"c\":[[[1]]]}}}}}",
                "{\"input_tokens\":5,\"input_tokens_details\":{\"cached_tokens\":-5}}",
                "{\"input_tokens\":5,\"cache_read_input_tokens\":{\"deep\":{\"deeper\":{\"deepest\":1}}}}",
                "{\"input_tokens\":5,\"cache_creation\":[100]}",
                "{\"input_tokens\":5,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0.25}}",
                "{\"input_tokens\":{\"value\":5},\"output_tokens\":1}")) {
            assertNull(readBoth("{\"model\":\"m\",\"usage\":" + usage + "}"), usage);
        }
    }

    @Test
    void countsMayBeAnyIntegralNumberOrADigitString() {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", new BigDecimal("2060.000"));
        usage.put("completion_tokens", 150.0);
        usage.put("prompt_tokens_details", Map.of("cached_tokens", "2048", "cache_write_tokens", new AtomicLong(2)));

        assertEquals(new TokenCounts(10, 2048, 2, 0, 150), reader.read(Map.of("usage", usage)).tokens());
        assertEquals(new TokenCounts(7, 0, 0, 0, 3), reader.read(Map.of("usage",
                Map.of("input_tokens", (short) 7, "output_tokens", BigInteger.valueOf(3)))).tokens());
        assertEquals(new TokenCounts(7, 0, 0, 0, 3), reader.read(Map.of("usage",
                Map.of("input_tokens", 7L, "output_tokens", (byte) 3))).tokens());
    }

    @Test
    void anyMapImplementationWorks() {
        Map<String, Object> usage = Map.of("input_tokens", 4, "output_tokens", 2);
        TokenCounts expected = new TokenCounts(4, 0, 0, 0, 2);

        assertEquals(expected, reader.read(new HashMap<>(Map.of("usage", usage))).tokens());
        assertEquals(expected, reader.read(new TreeMap<>(Map.of("usage", usage))).tokens());
        assertEquals(expected, reader.read(new ConcurrentHashMap<>(Map.of("usage", usage))).tokens());
        assertEquals(expected, reader.read(java.util.Collections.unmodifiableMap(Map.of("usage", usage))).tokens());
    }

    @Test
    void jsonNodesThatAreNotObjectsHaveNoUsage() throws Exception {
        assertNull(reader.read(node("[{\"usage\":{\"input_tokens\":1}}]")));
        assertNull(reader.read(node("\"usage\"")));
        assertNull(reader.read(node("12")));
        assertNull(reader.read(node("null")));
    }

    @Test
    void mapsThatAreNotResponsesHaveNoUsage() {
        assertNull(reader.read(Map.of()));
        assertNull(reader.read(Map.of("usage", List.of(1, 2, 3))));
        assertNull(reader.read(Map.of(1, 2)));
        assertNull(reader.read(new TreeMap<>(Map.of(1, 2))), "a TreeMap of Integer keys cannot even be asked");
    }
}
