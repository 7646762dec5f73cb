package dev.costagent.agent.sdk.langchain4j;

import dev.costagent.agent.sdk.Hook;
import dev.costagent.agent.sdk.SdkModule;
import dev.costagent.agent.usage.ShapeReader;
import java.util.List;

/**
 * LangChain4j ({@code dev.langchain4j:langchain4j-core}), whatever provider is below it: the interface defaults
 * every {@code ChatModel} runs (providers override {@code doChat}, not {@code chat}), and for streams, which
 * return nothing, the listener notifications every streaming path makes ({@link Listeners}).
 *
 * <p>Checked against langchain4j-core 1.20.0, with the providers langchain4j-open-ai and langchain4j-anthropic
 * 1.19.0.
 */
public final class LangChain4jModule implements SdkModule {

    public static final LangChain4jModule INSTANCE = new LangChain4jModule();

    private static final String CHAT = "dev.langchain4j.model.chat.";
    private static final String REQUEST = CHAT + "request.ChatRequest";

    private static final List<Hook> HOOKS = List.of(
            Hook.method(CHAT + "ChatModel", "chat", 2).taking(REQUEST).response("langchain4j.chat"),
            Hook.method(CHAT + "ChatModel", "chatAsync", 2).taking(REQUEST).response("langchain4j.chat"),
            Hook.method(CHAT + "ChatModelListenerUtils", "onRequest", 4).taking(REQUEST)
                    .entry("langchain4j.chat.stream", Listeners.REQUEST),
            Hook.method(CHAT + "ChatModelListenerUtils", "onResponse", 5).taking(CHAT + "response.ChatResponse")
                    .entry("langchain4j.chat.stream", Listeners.RESPONSE));

    private LangChain4jModule() {
    }

    @Override
    public String name() {
        return "langchain4j";
    }

    @Override
    public List<Hook> hooks() {
        return HOOKS;
    }

    /** A {@code ChatResponse}, or a program's own subclass of it (the class is not final). */
    @Override
    public ShapeReader reader(Class<?> type) throws ReflectiveOperationException {
        return LangChain4jReader.forClass(type);
    }
}
