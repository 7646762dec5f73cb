package dev.costagent.demo;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlockParam;

import dev.costagent.TrackedCall;

import java.util.List;
import java.util.Objects;

/** Asks Claude Sonnet for a batch of startup ideas, with the long incubator brief as a cached system prompt. */
public final class IdeaGenerator {

    /** The model that proposes ideas. */
    public static final String MODEL = "claude-sonnet-4-5";

    private final AnthropicClient client;

    /**
     * Creates the generator.
     *
     * @param client the Anthropic client to call
     */
    public IdeaGenerator(AnthropicClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Makes one call for {@code count} ideas. Returns the SDK's {@link Message} itself, so that the cost agent can
     * read its usage; the caller extracts the text.
     *
     * @param count how many ideas to ask for
     * @return the model's reply
     */
    @TrackedCall("IdeaGenerator.generate")
    public Message generate(int count) {
        TextBlockParam brief = TextBlockParam.builder()
                .text(Prompts.IDEAS_SYSTEM)
                .cacheControl(CacheControlEphemeral.builder().build())
                .build();
        MessageCreateParams params = MessageCreateParams.builder()
                .model(MODEL)
                .maxTokens(maxTokens(count))
                .systemOfTextBlockParams(List.of(brief))
                .addUserMessage(Prompts.ideasRequest(count))
                .build();
        return client.messages().create(params);
    }

    /** About 100 tokens per idea plus headroom; at least 1500 so a normal batch is never cut short. */
    static long maxTokens(int count) {
        return Math.min(4096, Math.max(1500, 200L + 150L * count));
    }
}
