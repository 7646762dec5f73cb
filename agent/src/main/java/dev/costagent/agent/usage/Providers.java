package dev.costagent.agent.usage;

/**
 * The two providers (as the price catalog names them) whose usage style readers recognise without their SDK: a
 * parsed body in OpenAI's or Anthropic's style ({@link TreeUsageReader}), a framework's token usage for one of
 * them (LangChain4j's). Their SDK modules use these names too; any other SDK module names its provider itself.
 */
public final class Providers {

    public static final String ANTHROPIC = "anthropic";
    public static final String OPENAI = "openai";

    private Providers() {
    }
}
