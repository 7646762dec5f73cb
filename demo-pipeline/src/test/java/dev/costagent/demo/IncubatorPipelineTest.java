package dev.costagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.Usage;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.completions.CompletionUsage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncubatorPipelineTest {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private FakeServerFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new FakeServerFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void runsEndToEndAgainstTheFakeServerWithoutTheAgent() {
        int status = IncubatorPipeline.runAgainst(fixture.server, 3, out, err);

        String printed = outBytes.toString(StandardCharsets.UTF_8);
        assertEquals(IncubatorPipeline.EXIT_OK, status, printed + errBytes.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("== Stage 'ideas'"), printed);
        assertTrue(printed.contains("== Stage 'critique'"), printed);
        assertTrue(printed.contains("== Stage 'rank'"), printed);
        assertTrue(printed.contains("Top pick: "), printed);
        assertTrue(printed.contains("-javaagent:agent/target/cost-agent.jar"), "hint without the agent: " + printed);
        assertEquals(2, fixture.server.requestCount("/v1/messages"), "ideas and rank");
        assertEquals(3, fixture.server.requestCount("/v1/chat/completions"), "one critique per idea");
    }

    @Test
    void stagesProduceIdeasCritiquesAndARankingOfTheSameIdeas() {
        IncubatorPipeline.Outcome outcome = new IncubatorPipeline(fixture.anthropic, fixture.openai, out).run(4);

        assertEquals(4, outcome.ideas().size());
        assertEquals(4, outcome.critiques().size());
        assertEquals(4, outcome.ranking().size());
        assertEquals(outcome.ideas().stream().map(Idea::name).sorted().toList(),
                outcome.ranking().stream().map(RankedIdea::name).sorted().toList());
        assertTrue(outcome.critiques().stream().allMatch(c -> c.score() >= 1 && c.score() <= 10));
        List<String> critiqueBodies = fixture.server.requests("/v1/chat/completions").stream()
                .map(FakeLlmServer.RecordedRequest::body).toList();
        assertTrue(critiqueBodies.stream().allMatch(b -> b.contains("sceptical but fair investment analyst")));
    }

    @Test
    void laterCritiquesReadTheSystemPromptFromTheCache() {
        Critic critic = new Critic(fixture.openai);
        Idea a = new Idea(1, "DockDesk", "Booking software for small marinas.", "");
        Idea b = new Idea(2, "PermitPal", "Tracks building permits.", "");

        CompletionUsage first = critic.critique(a).usage().orElseThrow();
        CompletionUsage second = critic.critique(b).usage().orElseThrow();

        assertEquals(0L, cached(first));
        assertEquals(FakeLlmServer.tokensOf(Prompts.CRITIC_SYSTEM), cached(second));
    }

    @Test
    void ideasStageCostsMoreThanOneCentAndTheDefaultRunWellUnderFiveDollars() {
        // List prices, USD per million tokens: Sonnet 4.5 $3 in / $3.75 cache write / $0.30 cache read / $15 out,
        // GPT-4o mini $0.15 in / $0.075 cached / $0.60 out, Haiku 4.5 $1 in / $5 out.
        Message ideas = new IdeaGenerator(fixture.anthropic).generate(PipelineOptions.DEFAULT_IDEAS);
        BigDecimal ideasCost = anthropicCost(ideas.usage(), "3", "3.75", "0.30", "15");

        List<Idea> parsed = ReplyParser.ideas(IncubatorPipeline.textOf(ideas));
        BigDecimal critiqueCost = BigDecimal.ZERO;
        List<Critique> critiques = new ArrayList<>();
        for (Idea idea : parsed) {
            ChatCompletion reply = new Critic(fixture.openai).critique(idea);
            critiques.add(ReplyParser.critique(idea, IncubatorPipeline.textOf(reply)));
            critiqueCost = critiqueCost.add(openAiCost(reply.usage().orElseThrow(), "0.15", "0.075", "0.60"));
        }
        Message ranking = new Ranker(fixture.anthropic).rank(critiques);
        BigDecimal rankCost = anthropicCost(ranking.usage(), "1", "1.25", "0.10", "5");
        BigDecimal total = ideasCost.add(critiqueCost).add(rankCost);

        assertTrue(ideasCost.compareTo(new BigDecimal("0.01")) > 0, "ideas stage: $" + ideasCost);
        assertTrue(total.compareTo(new BigDecimal("0.10")) < 0, "whole run: $" + total);
    }

    @Test
    void defaultRunStartsItsOwnServer() {
        assertEquals(IncubatorPipeline.EXIT_OK, IncubatorPipeline.run(new String[] {"--ideas", "2"}, out, err),
                errBytes.toString(StandardCharsets.UTF_8));
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).contains("built-in fake LLM server"));
    }

    @Test
    void baseUrlOptionUsesAServerThatIsAlreadyRunning() {
        int status = IncubatorPipeline.run(new String[] {"--ideas=2", "--base-url", fixture.server.baseUrl()}, out,
                err);

        assertEquals(IncubatorPipeline.EXIT_OK, status, errBytes.toString(StandardCharsets.UTF_8));
        assertEquals(2, fixture.server.requestCount("/v1/chat/completions"));
    }

    @Test
    void helpPrintsTheUsageAndBadOptionsExitWithStatusTwo() {
        assertEquals(IncubatorPipeline.EXIT_OK, IncubatorPipeline.run(new String[] {"--help"}, out, err));
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).contains("--ideas N"));

        assertEquals(IncubatorPipeline.EXIT_USAGE, IncubatorPipeline.run(new String[] {"--ideas", "0"}, out, err));
        assertEquals(IncubatorPipeline.EXIT_USAGE, IncubatorPipeline.run(new String[] {"--ideas"}, out, err));
        assertEquals(IncubatorPipeline.EXIT_USAGE, IncubatorPipeline.run(new String[] {"--frobnicate"}, out, err));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("unknown option '--frobnicate'"));
    }

    @Test
    void liveWithoutKeysFailsWithAClearMessage() {
        assumeTrue(System.getenv("ANTHROPIC_API_KEY") == null || System.getenv("OPENAI_API_KEY") == null,
                "both API keys are set");

        assertEquals(IncubatorPipeline.EXIT_USAGE, IncubatorPipeline.run(new String[] {"--live"}, out, err));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("_API_KEY"));
    }

    private static BigDecimal anthropicCost(Usage u, String input, String cacheWrite, String cacheRead,
                                            String output) {
        return per(u.inputTokens(), input)
                .add(per(u.cacheCreationInputTokens().orElse(0L), cacheWrite))
                .add(per(u.cacheReadInputTokens().orElse(0L), cacheRead))
                .add(per(u.outputTokens(), output));
    }

    private static BigDecimal openAiCost(CompletionUsage u, String input, String cachedInput, String output) {
        long cached = cached(u);
        return per(u.promptTokens() - cached, input).add(per(cached, cachedInput)).add(per(u.completionTokens(), output));
    }

    private static BigDecimal per(long tokens, String usdPerMillion) {
        return BigDecimal.valueOf(tokens).multiply(new BigDecimal(usdPerMillion)).divide(MILLION);
    }

    private static long cached(CompletionUsage usage) {
        return usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(0L);
    }
}
