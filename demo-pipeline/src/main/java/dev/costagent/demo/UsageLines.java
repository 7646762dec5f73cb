package dev.costagent.demo;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.Usage;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.completions.CompletionUsage;

/** One-line summaries of a response's token usage, as the SDK reports it, for the demo's output. */
final class UsageLines {

    private UsageLines() {
    }

    /** e.g. {@code [claude-sonnet-4-5-20250929] input 31, cache write 2629, cache read 0, output 466 tokens}. */
    static String of(Message message) {
        Usage u = message.usage();
        return "[" + message.model().asString() + "] input " + u.inputTokens()
                + ", cache write " + u.cacheCreationInputTokens().orElse(0L)
                + ", cache read " + u.cacheReadInputTokens().orElse(0L)
                + ", output " + u.outputTokens() + " tokens";
    }

    /** e.g. {@code [gpt-4o-mini-2024-07-18] prompt 712 (cached 646), completion 151 tokens}. */
    static String of(ChatCompletion completion) {
        String model = "[" + completion.model() + "] ";
        if (completion.usage().isEmpty()) {
            return model + "no usage reported";
        }
        CompletionUsage u = completion.usage().get();
        long cached = u.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(0L);
        return model + "prompt " + u.promptTokens() + " (cached " + cached + "), completion "
                + u.completionTokens() + " tokens";
    }
}
