package dev.costagent.agent.events;

import dev.costagent.agent.value.TokenCounts;

/**
 * One call as the ledger recorded it.
 *
 * @param stage        the stage it is attributed to ({@code unstaged} outside every stage)
 * @param model        the model it is reported under: the catalog id when priced, else the name as given
 * @param responseModel the model as the response (or the request, or the tracked call's hint) named it
 * @param provider     {@code anthropic}, {@code openai}, {@code google}, {@code bedrock}, {@code external}, ...
 * @param operation    the operation name ({@code IdeaGenerator.generate}, {@code openai.chat.completions.create})
 * @param tokens       the call's non-overlapping token counts ({@link TokenCounts#ZERO} for a reported cost)
 * @param picos        its cost in picodollars
 * @param priced       false when the model is not in the catalog (the cost is then zero)
 */
public record RecordedCall(String stage, String model, String responseModel, String provider, String operation,
                           TokenCounts tokens, long picos, boolean priced) {
}
