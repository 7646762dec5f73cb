package dev.costagent.agent.sdk;

/**
 * How to read the figures a framework copied from an SDK's own usage object (Spring AI's
 * {@code Usage.getNativeUsage()}): the framework passes the provider's figures through unchanged, so their meaning
 * follows the SDK the object belongs to.
 *
 * @param provider            the provider as the catalog names it ({@code anthropic})
 * @param promptIncludesCache whether the provider's prompt figure includes the cached and written tokens (OpenAI,
 *                            Gemini) rather than excluding them (Anthropic, Bedrock)
 */
public record NativeUsage(String provider, boolean promptIncludesCache) {
}
