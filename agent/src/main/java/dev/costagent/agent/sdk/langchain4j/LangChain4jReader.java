package dev.costagent.agent.sdk.langchain4j;

import dev.costagent.agent.usage.Accessors;
import dev.costagent.agent.usage.Providers;
import dev.costagent.agent.usage.ShapeReader;
import dev.costagent.agent.usage.TokenNormaliser;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.lang.invoke.MethodHandle;

/**
 * Reads LangChain4j {@code ChatResponse}s ({@code dev.langchain4j.model.chat.response.ChatResponse}): the model
 * is {@code modelName()}, the usage {@code tokenUsage()}, whose figures keep the provider's own meaning. So the
 * {@code TokenUsage} subclass decides the normalisation, resolved once per subclass:
 * <ul>
 *   <li>{@code OpenAiTokenUsage} (langchain4j-open-ai): {@code inputTokenCount} is OpenAI's {@code prompt_tokens},
 *       which includes {@code inputTokensDetails().cachedTokens()}.</li>
 *   <li>{@code AnthropicTokenUsage} (langchain4j-anthropic): {@code inputTokenCount} is Anthropic's
 *       {@code input_tokens}, which excludes {@code cacheReadInputTokens()} and
 *       {@code cacheCreationInputTokens()} (all counted as 5-minute writes: the split is not exposed).</li>
 *   <li>A plain {@code TokenUsage} (other providers) has no cache figures: input and output as they are.</li>
 * </ul>
 */
// Thread-safety: immutable after construction; the per-subclass plans are a ClassValue.
final class LangChain4jReader extends ShapeReader {

    static final String CHAT_RESPONSE = "dev.langchain4j.model.chat.response.ChatResponse";
    private static final String OPENAI_USAGE = "dev.langchain4j.model.openai.OpenAiTokenUsage";
    private static final String ANTHROPIC_USAGE = "dev.langchain4j.model.anthropic.AnthropicTokenUsage";

    private final MethodHandle tokenUsage;
    private final MethodHandle modelName;
    private final ClassValue<UsagePlan> plans = new ClassValue<>() {
        @Override
        protected UsagePlan computeValue(Class<?> type) {
            try {
                return UsagePlan.of(type);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("unreadable LangChain4j token usage " + type.getName(), e);
            }
        }
    };

    private LangChain4jReader(Class<?> response) throws ReflectiveOperationException {
        super("usage.langchain4j");
        tokenUsage = Accessors.getter(response, "tokenUsage");
        modelName = Accessors.getter(response, "modelName");
    }

    /** The reader for {@code type}, or null when it is no LangChain4j {@code ChatResponse}. */
    static ShapeReader forClass(Class<?> type) throws ReflectiveOperationException {
        return Accessors.superclassNamed(type, CHAT_RESPONSE) == null ? null : new LangChain4jReader(type);
    }

    @Override
    public ResponseUsage read(Object response) throws Throwable {
        Object usage = tokenUsage.invokeExact(response);
        if (usage == null) {
            return null;
        }
        UsagePlan plan = plans.get(usage.getClass());
        TokenCounts tokens = plan.tokens(usage);
        if (tokens == null) {
            return null;
        }
        Object model = modelName.invokeExact(response);
        return new ResponseUsage(model instanceof String m ? m : null, plan.provider, tokens);
    }

    /** How one {@code TokenUsage} class is read. */
    private static final class UsagePlan {
        final String provider;
        private final MethodHandle input;
        private final MethodHandle output;
        private final MethodHandle inputDetails;  // OpenAI: inputTokensDetails()
        private final MethodHandle cachedTokens;  // OpenAI: InputTokensDetails.cachedTokens()
        private final MethodHandle cacheRead;     // Anthropic
        private final MethodHandle cacheCreation; // Anthropic

        private UsagePlan(String provider, MethodHandle input, MethodHandle output, MethodHandle inputDetails,
                          MethodHandle cachedTokens, MethodHandle cacheRead, MethodHandle cacheCreation) {
            this.provider = provider;
            this.input = input;
            this.output = output;
            this.inputDetails = inputDetails;
            this.cachedTokens = cachedTokens;
            this.cacheRead = cacheRead;
            this.cacheCreation = cacheCreation;
        }

        static UsagePlan of(Class<?> usage) throws ReflectiveOperationException {
            MethodHandle input = Accessors.getter(usage, "inputTokenCount");
            MethodHandle output = Accessors.getter(usage, "outputTokenCount");
            if (Accessors.superclassNamed(usage, OPENAI_USAGE) != null) {
                Class<?> details = Accessors.returnType(usage, "inputTokensDetails");
                return new UsagePlan(Providers.OPENAI, input, output,
                        Accessors.getter(usage, "inputTokensDetails"), Accessors.getter(details, "cachedTokens"),
                        null, null);
            }
            if (Accessors.superclassNamed(usage, ANTHROPIC_USAGE) != null) {
                return new UsagePlan(Providers.ANTHROPIC, input, output, null, null,
                        Accessors.getter(usage, "cacheReadInputTokens"),
                        Accessors.getter(usage, "cacheCreationInputTokens"));
            }
            return new UsagePlan(null, input, output, null, null, null, null);
        }

        TokenCounts tokens(Object usage) throws Throwable {
            long in = TokenNormaliser.count((Object) input.invokeExact(usage));
            long out = TokenNormaliser.count((Object) output.invokeExact(usage));
            if (inputDetails != null) {
                Object details = inputDetails.invokeExact(usage);
                long cached = details == null ? TokenNormaliser.ABSENT
                        : TokenNormaliser.count((Object) cachedTokens.invokeExact(details));
                return TokenNormaliser.openAi(in, cached, TokenNormaliser.ABSENT, out);
            }
            long read = cacheRead == null ? TokenNormaliser.ABSENT
                    : TokenNormaliser.count((Object) cacheRead.invokeExact(usage));
            long creation = cacheCreation == null ? TokenNormaliser.ABSENT
                    : TokenNormaliser.count((Object) cacheCreation.invokeExact(usage));
            return TokenNormaliser.anthropic(in, read, creation, TokenNormaliser.ABSENT, TokenNormaliser.ABSENT, out);
        }
    }
}
