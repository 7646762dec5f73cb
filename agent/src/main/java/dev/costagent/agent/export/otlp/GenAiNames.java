package dev.costagent.agent.export.otlp;

/**
 * cost-agent's names as the OpenTelemetry gen_ai semantic conventions spell them: the provider
 * ({@code gen_ai.provider.name}) and the operation ({@code gen_ai.operation.name}).
 */
public final class GenAiNames {

    private GenAiNames() {
    }

    /** The conventions' well-known provider names; others (openai, anthropic, external) are the same. */
    public static String provider(String provider) {
        if (provider == null) {
            return "unknown";
        }
        return switch (provider) {
            case "google" -> "gcp.gen_ai";
            case "bedrock" -> "aws.bedrock";
            default -> provider;
        };
    }

    /**
     * The operation for an SDK call cost-agent hooks ({@code openai.chat.completions.create} is {@code chat},
     * {@code openai.embeddings.create} is {@code embeddings}); a call named by the program ({@code @TrackedCall
     * ("Ideas.generate")}) keeps its own name, which the conventions allow when no well-known value is known to apply.
     */
    public static String operation(String operation) {
        if (operation == null) {
            return "unknown";
        }
        for (String[] rule : OPERATIONS) {
            if (operation.startsWith(rule[0])) {
                return rule[1];
            }
        }
        return operation;
    }

    /** The hooked SDK operations' prefixes (see SdkHooks) and their conventional names. */
    private static final String[][] OPERATIONS = {
        {"openai.chat.completions.", "chat"},
        {"openai.responses.", "chat"},
        {"openai.completions.", "text_completion"},
        {"openai.embeddings.", "embeddings"},
        {"anthropic.", "chat"},
        {"google.models.generate_content", "generate_content"},
        {"bedrock.converse", "chat"},
        {"langchain4j.chat", "chat"},
    };
}
