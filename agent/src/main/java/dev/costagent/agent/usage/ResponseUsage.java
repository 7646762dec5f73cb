package dev.costagent.agent.usage;

/**
 * What one response says it cost in tokens.
 *
 * @param model    the model id as the response names it, or null when it names none
 * @param provider the provider the response shape belongs to ({@code anthropic}, {@code openai}, {@code google},
 *                 {@code bedrock}), or null when the shape does not tell (a plain {@code Map})
 * @param tokens   the non-overlapping token counts
 * @param batch    whether it is the result of a batch request, which the providers bill at half the list price
 */
public record ResponseUsage(String model, String provider, TokenCounts tokens, boolean batch) {

    public ResponseUsage(String model, String provider, TokenCounts tokens) {
        this(model, provider, tokens, false);
    }

    /** The same usage, as a batch result. */
    public ResponseUsage asBatch() {
        return new ResponseUsage(model, provider, tokens, true);
    }
}
