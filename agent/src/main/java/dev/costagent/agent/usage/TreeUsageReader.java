package dev.costagent.agent.usage;

import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.util.Map;

/**
 * Reads a parsed response body, a {@code Map} or a Jackson {@code JsonNode}, holding a top-level {@code usage}
 * object and optionally a top-level {@code model} string.
 *
 * <p>The usage style is told from the fields present (JSON null counts as absent), first match wins:
 * <ol>
 *   <li>{@code prompt_tokens} or {@code completion_tokens}: OpenAI Chat Completions (also legacy completions and
 *       embeddings); {@code prompt_tokens} includes the cache figures of {@code prompt_tokens_details}.</li>
 *   <li>{@code input_tokens_details} or {@code output_tokens_details}: OpenAI Responses; {@code input_tokens}
 *       includes the cache figures of {@code input_tokens_details}.</li>
 *   <li>{@code cache_read_input_tokens}, {@code cache_creation_input_tokens} or {@code cache_creation}:
 *       Anthropic; {@code input_tokens} excludes the cache.</li>
 *   <li>Otherwise only {@code input_tokens}/{@code output_tokens}: with no cache figures both readings give the
 *       same counts, so they are read as they are and the provider is reported as unknown (null).</li>
 * </ol>
 * The figures are normalised by {@link TokenNormaliser}, whose rules decide when a usage is unreadable.
 */
// Thread-safety: immutable after construction.
final class TreeUsageReader extends ShapeReader {

    private static final TreeUsageReader MAPS = new TreeUsageReader("usage.map", MapTreeAccess.INSTANCE);

    private final TreeAccess tree;

    private TreeUsageReader(String site, TreeAccess tree) {
        super(site);
        this.tree = tree;
    }

    /** The reader for {@code type}, or null when it is neither a {@code Map} nor a {@code JsonNode}. */
    static ShapeReader forClass(Class<?> type) throws ReflectiveOperationException {
        if (Map.class.isAssignableFrom(type)) {
            return MAPS;
        }
        JsonNodeTreeAccess nodes = JsonNodeTreeAccess.forClass(type);
        return nodes == null ? null : new TreeUsageReader("usage.jsonnode", nodes);
    }

    @Override
    public ResponseUsage read(Object root) throws Throwable {
        Object usage = tree.member(root, "usage");
        if (!tree.isObject(usage)) {
            return null;
        }
        String provider = Providers.OPENAI;
        TokenCounts tokens;
        // Each member is fetched once: on a JsonNode every lookup is a handle call.
        Object prompt = tree.member(usage, "prompt_tokens");
        Object completion = tree.member(usage, "completion_tokens");
        if (tree.isPresent(prompt) || tree.isPresent(completion)) {
            Object details = tree.member(usage, "prompt_tokens_details");
            tokens = TokenNormaliser.openAi(tree.count(prompt), nestedCount(details, "cached_tokens"),
                    nestedCount(details, "cache_write_tokens"), tree.count(completion));
        } else {
            Object input = tree.member(usage, "input_tokens");
            Object output = tree.member(usage, "output_tokens");
            Object inputDetails = tree.member(usage, "input_tokens_details");
            if (tree.isPresent(inputDetails) || tree.isPresent(tree.member(usage, "output_tokens_details"))) {
                tokens = TokenNormaliser.openAi(tree.count(input), nestedCount(inputDetails, "cached_tokens"),
                        nestedCount(inputDetails, "cache_write_tokens"), tree.count(output));
            } else {
                Object cacheRead = tree.member(usage, "cache_read_input_tokens");
                Object creation = tree.member(usage, "cache_creation_input_tokens");
                Object split = tree.member(usage, "cache_creation");
                boolean anthropic = tree.isPresent(cacheRead) || tree.isPresent(creation) || tree.isPresent(split);
                provider = anthropic ? Providers.ANTHROPIC : null;
                tokens = TokenNormaliser.anthropic(tree.count(input), tree.count(cacheRead), tree.count(creation),
                        nestedCount(split, "ephemeral_5m_input_tokens"),
                        nestedCount(split, "ephemeral_1h_input_tokens"), tree.count(output));
            }
        }
        if (tokens == null) {
            return null;
        }
        return new ResponseUsage(tree.text(tree.member(root, "model")), provider, tokens);
    }

    /** A count inside a details object; details that are present but not an object make the usage unreadable. */
    private long nestedCount(Object details, String name) throws Throwable {
        if (!tree.isPresent(details)) {
            return TokenNormaliser.ABSENT;
        }
        return tree.isObject(details) ? tree.count(tree.member(details, name)) : TokenNormaliser.INVALID;
    }
}
