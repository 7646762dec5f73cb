package dev.costagent.demo;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import dev.costagent.TrackedCall;

import java.util.Objects;

/**
 * Asks GPT-4o mini to critique one idea. The system prompt is the same for every idea, so from the second call
 * on OpenAI serves it from its prompt cache.
 */
public final class Critic {

    /** The model that critiques. */
    public static final String MODEL = "gpt-4o-mini";

    private static final long MAX_COMPLETION_TOKENS = 400;

    private final OpenAIClient client;

    /**
     * Creates the critic.
     *
     * @param client the OpenAI client to call
     */
    public Critic(OpenAIClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Makes one call to critique {@code idea}. Returns the SDK's {@link ChatCompletion} itself, so that the cost
     * agent can read its usage; the caller extracts the text.
     *
     * @param idea the idea to critique
     * @return the model's reply
     */
    @TrackedCall("Critic.critique")
    public ChatCompletion critique(Idea idea) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(MODEL)
                .maxCompletionTokens(MAX_COMPLETION_TOKENS)
                .addSystemMessage(Prompts.CRITIC_SYSTEM)
                .addUserMessage(Prompts.critiqueRequest(idea))
                .build();
        return client.chat().completions().create(params);
    }
}
