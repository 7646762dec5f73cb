package dev.costagent.agent.usage;

/**
 * The providers as the price catalog names them, for readers that tell a provider from a response's shape rather
 * than from its SDK (a parsed body in OpenAI's or Anthropic's style, a framework's own token usage class for one
 * provider). Each SDK module names its own provider with these.
 */
public final class Providers {

    public static final String ANTHROPIC = "anthropic";
    public static final String OPENAI = "openai";
    public static final String GOOGLE = "google";
    public static final String BEDROCK = "bedrock";

    private Providers() {
    }
}
