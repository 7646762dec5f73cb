package dev.costagent.demo;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;

import dev.costagent.TrackedCall;

import java.util.List;
import java.util.Objects;

/** Asks Claude Haiku to rank the critiqued ideas. */
public final class Ranker {

    /** The model that ranks. */
    public static final String MODEL = "claude-haiku-4-5";

    private static final long MAX_TOKENS = 1000;

    private final AnthropicClient client;

    /**
     * Creates the ranker.
     *
     * @param client the Anthropic client to call
     */
    public Ranker(AnthropicClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Makes one call to rank the ideas. Returns the SDK's {@link Message} itself, so that the cost agent can read
     * its usage; the caller extracts the text.
     *
     * @param critiques the ideas with their critiques
     * @return the model's reply
     */
    @TrackedCall("Ranker.rank")
    public Message rank(List<Critique> critiques) {
        MessageCreateParams params = MessageCreateParams.builder()
                .model(MODEL)
                .maxTokens(MAX_TOKENS)
                .system(Prompts.RANKER_SYSTEM)
                .addUserMessage(Prompts.rankingRequest(critiques))
                .build();
        return client.messages().create(params);
    }
}
