package dev.costagent.agent.value;

import java.util.Objects;

/**
 * What one response says it cost in tokens.
 *
 * <p>{@code equals}, {@code hashCode} and {@code toString} are written out, with the results the generated ones
 * give, which bootstrap {@code ObjectMethods} through method handles on first use (start-up time).
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

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ResponseUsage u && batch == u.batch && Objects.equals(model, u.model)
                && Objects.equals(provider, u.provider) && Objects.equals(tokens, u.tokens);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(model);
        h = 31 * h + Objects.hashCode(provider);
        h = 31 * h + Objects.hashCode(tokens);
        return 31 * h + Boolean.hashCode(batch);
    }

    @Override
    public String toString() {
        return "ResponseUsage[model=" + model + ", provider=" + provider + ", tokens=" + tokens + ", batch=" + batch
                + "]";
    }
}
