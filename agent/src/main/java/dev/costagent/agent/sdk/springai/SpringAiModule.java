package dev.costagent.agent.sdk.springai;

import dev.costagent.agent.sdk.Hook;
import dev.costagent.agent.sdk.SdkModule;
import dev.costagent.agent.usage.ShapeReader;
import java.util.List;

/**
 * Spring AI ({@code org.springframework.ai:spring-ai-model}): every implementation of {@code ChatModel} and
 * {@code StreamingChatModel}, whose {@code call} and {@code stream} take a {@code Prompt}; the implementations
 * live in Spring AI's provider modules and in programs, so they are found through their class files' super
 * types. A stream is a Reactor {@code Flux} ({@link Fluxes}). Over an official SDK that the agent hooks too, the
 * SDK's hook counts the call and Spring AI's response stands for it.
 *
 * <p>Checked against spring-ai-model 2.0.1.
 */
public final class SpringAiModule implements SdkModule {

    public static final SpringAiModule INSTANCE = new SpringAiModule();

    private static final String CHAT = "org.springframework.ai.chat.";
    private static final String PROMPT = CHAT + "prompt.Prompt";

    private static final List<Hook> HOOKS = List.of(
            Hook.method(CHAT + "model.ChatModel", "call", 1).taking(PROMPT).onImplementations()
                    .response("spring-ai.chat.call"),
            Hook.method(CHAT + "model.StreamingChatModel", "stream", 1).taking(PROMPT).onImplementations()
                    .stream("spring-ai.chat.stream", Fluxes.INSTANCE));

    private SpringAiModule() {
    }

    @Override
    public String name() {
        return "spring-ai";
    }

    @Override
    public List<Hook> hooks() {
        return HOOKS;
    }

    /** A {@code ChatResponse}, or a program's own subclass of it. */
    @Override
    public ShapeReader reader(Class<?> type) throws ReflectiveOperationException {
        return SpringAiReader.forClass(type);
    }
}
