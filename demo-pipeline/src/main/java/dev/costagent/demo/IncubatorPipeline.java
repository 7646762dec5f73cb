package dev.costagent.demo;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.TextBlock;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;

import dev.costagent.BudgetExceededException;
import dev.costagent.CostAgent;
import dev.costagent.PipelineStage;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The demo: a startup incubator's three-stage LLM pipeline on the real Anthropic and OpenAI Java SDKs.
 * <ol>
 *   <li>{@code ideas}: {@code claude-sonnet-4-5} proposes N startup ideas in one call, with a long system
 *       prompt marked for prompt caching;</li>
 *   <li>{@code critique}: {@code gpt-4o-mini} critiques each idea, one call per idea with the same system
 *       prompt, so every call after the first reads it from OpenAI's prompt cache;</li>
 *   <li>{@code rank}: {@code claude-haiku-4-5} ranks the critiqued ideas.</li>
 * </ol>
 * Each stage is a {@link PipelineStage} method and each LLM call a {@code @TrackedCall} method that returns the
 * SDK's response object, so that under the cost agent
 * ({@code java -javaagent:agent/target/cost-agent.jar -Dbudget=5 -jar demo-pipeline/target/demo-pipeline.jar})
 * every call is priced and attributed to its stage, and the budget is checked at every stage boundary.
 *
 * <p>By default it starts a {@link FakeLlmServer} on a loopback port and needs no key and no network;
 * {@code --live} calls the real APIs instead. Run with {@code --help} for the options.
 *
 * <p>Exit status: {@value #EXIT_OK} when the pipeline completed; {@value #EXIT_FAILURE} when it failed;
 * {@value #EXIT_USAGE} for a bad command line or a missing API key; {@value #EXIT_BUDGET_EXCEEDED} when the cost
 * agent's budget stopped it: the {@link BudgetExceededException}'s message is printed, followed by a line saying
 * the pipeline stopped gracefully, and the clients and the server are shut down before exiting.
 */
public final class IncubatorPipeline {

    /** Exit status: the pipeline completed. */
    public static final int EXIT_OK = 0;
    /** Exit status: the pipeline failed with an error other than the budget's. */
    public static final int EXIT_FAILURE = 1;
    /** Exit status: bad command line, or {@code --live} without the API keys. */
    public static final int EXIT_USAGE = 2;
    /** Exit status: the budget was exceeded and the pipeline stopped at a stage boundary. */
    public static final int EXIT_BUDGET_EXCEEDED = 3;

    /** What a completed run produced. */
    public record Outcome(List<Idea> ideas, List<Critique> critiques, List<RankedIdea> ranking) {
    }

    private final IdeaGenerator generator;
    private final Critic critic;
    private final Ranker ranker;
    private final PrintStream out;

    /**
     * Creates the pipeline on the given clients; it does not close them.
     *
     * @param anthropic the Anthropic client (ideas, rank)
     * @param openai    the OpenAI client (critique)
     * @param out       where to print progress
     */
    public IncubatorPipeline(AnthropicClient anthropic, OpenAIClient openai, PrintStream out) {
        this.generator = new IdeaGenerator(anthropic);
        this.critic = new Critic(openai);
        this.ranker = new Ranker(anthropic);
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Runs the three stages.
     *
     * @param ideaCount how many ideas to generate
     * @return what the stages produced
     * @throws BudgetExceededException when the cost agent's budget stops the pipeline at a stage boundary
     */
    public Outcome run(int ideaCount) {
        List<Idea> ideas = ideas(ideaCount);
        List<Critique> critiques = critique(ideas);
        List<RankedIdea> ranking = rank(critiques);
        return new Outcome(ideas, critiques, ranking);
    }

    /**
     * Stage {@code ideas}: one Claude Sonnet call for the whole batch.
     *
     * @param count how many ideas to ask for
     * @return the ideas parsed from the reply
     */
    @PipelineStage("ideas")
    public List<Idea> ideas(int count) {
        out.println();
        out.println("== Stage 'ideas': " + IdeaGenerator.MODEL + " proposes " + count + " startup ideas");
        Message reply = generator.generate(count);
        out.println("   " + UsageLines.of(reply));
        List<Idea> ideas = ReplyParser.ideas(textOf(reply));
        if (ideas.isEmpty()) {
            throw new IllegalStateException("the idea generator's reply contained no numbered ideas:\n"
                    + textOf(reply));
        }
        for (Idea idea : ideas) {
            out.println("   " + idea.number() + ". " + idea.name() + " — " + idea.pitch());
        }
        return ideas;
    }

    /**
     * Stage {@code critique}: one GPT-4o mini call per idea, in order, on this thread (so each call belongs to
     * this stage).
     *
     * @param ideas the ideas to critique
     * @return one critique per idea
     */
    @PipelineStage("critique")
    public List<Critique> critique(List<Idea> ideas) {
        out.println();
        out.println("== Stage 'critique': " + Critic.MODEL + " critiques each idea");
        List<Critique> critiques = new ArrayList<>();
        for (Idea idea : ideas) {
            ChatCompletion reply = critic.critique(idea);
            Critique critique = ReplyParser.critique(idea, textOf(reply));
            critiques.add(critique);
            out.println("   " + idea.number() + ". " + idea.name() + ": " + critique.verdict() + ", "
                    + critique.score() + "/10" + (critique.topRisk().isEmpty() ? "" : ". Top risk: "
                    + critique.topRisk()));
            out.println("      " + UsageLines.of(reply));
        }
        return critiques;
    }

    /**
     * Stage {@code rank}: one Claude Haiku call over all the critiques.
     *
     * @param critiques the critiqued ideas
     * @return the ranking, most promising first
     */
    @PipelineStage("rank")
    public List<RankedIdea> rank(List<Critique> critiques) {
        out.println();
        out.println("== Stage 'rank': " + Ranker.MODEL + " ranks the batch");
        Message reply = ranker.rank(critiques);
        out.println("   " + UsageLines.of(reply));
        String text = textOf(reply);
        List<RankedIdea> ranking = ReplyParser.ranking(text);
        for (RankedIdea r : ranking) {
            out.println("   " + r.rank() + ". " + r.name() + (r.reason().isEmpty() ? "" : " — " + r.reason()));
        }
        String topPick = ReplyParser.topPick(text);
        if (!topPick.isEmpty()) {
            out.println("   " + topPick);
        }
        return ranking;
    }

    // ---------------------------------------------------------------------------------------------- program

    /**
     * Runs the program and exits with its status (see the class comment). The clients and the fake server are
     * closed first; the explicit exit makes sure no leftover HTTP-client thread keeps the JVM up.
     *
     * @param args the command line; {@code --help} lists it
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Everything {@link #main} does except exiting.
     *
     * @param args the command line
     * @param out  where the pipeline prints
     * @param err  where errors go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PipelineOptions options;
        try {
            options = PipelineOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("incubator-pipeline: " + e.getMessage());
            err.println("Run with --help for the options.");
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.println(PipelineOptions.USAGE);
            return EXIT_OK;
        }
        if (options.live()) {
            LlmClients clients;
            try {
                clients = LlmClients.live();
            } catch (IllegalStateException e) {
                err.println("incubator-pipeline: " + e.getMessage());
                return EXIT_USAGE;
            }
            return runWith(clients, options.ideas(), out, err);
        }
        if (options.baseUrl() != null) {
            return runWith(LlmClients.local(options.baseUrl(), "the LLM server at " + options.baseUrl()),
                    options.ideas(), out, err);
        }
        try (FakeLlmServer server = new FakeLlmServer().start()) {
            return runAgainst(server, options.ideas(), out, err);
        } catch (IOException e) {
            err.println("incubator-pipeline: cannot start the fake LLM server: " + e);
            return EXIT_FAILURE;
        }
    }

    /**
     * Runs the pipeline against a running {@link FakeLlmServer} (which stays open), as {@link #main} does by
     * default, and returns the exit status instead of exiting.
     *
     * @param server    the server to call
     * @param ideaCount how many ideas to generate
     * @param out       where the pipeline prints
     * @param err       where errors go
     * @return the exit status
     */
    public static int runAgainst(FakeLlmServer server, int ideaCount, PrintStream out, PrintStream err) {
        String where = "the built-in fake LLM server at " + server.baseUrl() + " (no API key, no network)";
        return runWith(LlmClients.local(server.baseUrl(), where), ideaCount, out, err);
    }

    private static int runWith(LlmClients clients, int ideaCount, PrintStream out, PrintStream err) {
        try (clients) {
            out.println("Northwind Foundry incubator pipeline: " + ideaCount + " ideas, using "
                    + clients.description() + ".");
            long started = System.nanoTime();
            try {
                Outcome outcome = new IncubatorPipeline(clients.anthropic(), clients.openai(), out).run(ideaCount);
                out.println();
                out.printf("Done: %d ideas generated, critiqued and ranked in %.1f s.%n", outcome.ideas().size(),
                        (System.nanoTime() - started) / 1e9);
                printCost(out);
                return EXIT_OK;
            } catch (BudgetExceededException e) {
                out.println();
                out.println(e.getMessage());
                out.println("The pipeline stopped gracefully after stage '" + e.stage()
                        + "': the remaining stages were skipped and the LLM clients were shut down.");
                printCost(out);
                return EXIT_BUDGET_EXCEEDED;
            } catch (RuntimeException e) {
                err.println("incubator-pipeline: the pipeline failed: " + e);
                return EXIT_FAILURE;
            }
        }
    }

    private static void printCost(PrintStream out) {
        if (CostAgent.isAttached()) {
            String budget = CostAgent.budgetUsd().map(b -> " of a $" + b.toPlainString() + " budget")
                    .orElse(" (no budget set)");
            out.println("Running cost (cost-agent): $" + usd(CostAgent.runningCostUsd()) + budget
                    + "; see cost_report.json for the breakdown.");
        } else {
            out.println("Cost: unknown. Run with -javaagent:agent/target/cost-agent.jar to price every call "
                    + "(add -Dbudget=0.01 to see the budget stop the pipeline after the first stage).");
        }
    }

    /** Exact, plain, with at least two decimals: {@code 0.017163}, {@code 1.50}. */
    private static String usd(BigDecimal amount) {
        BigDecimal plain = amount.stripTrailingZeros();
        return (plain.scale() < 2 ? plain.setScale(2) : plain).toPlainString();
    }

    /** The text blocks of an Anthropic reply, joined. */
    static String textOf(Message message) {
        return message.content().stream()
                .flatMap(block -> block.text().stream())
                .map(TextBlock::text)
                .collect(Collectors.joining());
    }

    /** The first choice's text of an OpenAI reply. */
    static String textOf(ChatCompletion completion) {
        return completion.choices().isEmpty() ? ""
                : completion.choices().get(0).message().content().orElse("");
    }
}
