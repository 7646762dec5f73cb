package dev.costagent.agent.sdk;

import dev.costagent.agent.usage.ShapeReader;
import java.util.List;

/**
 * One SDK family the agent prices without annotations, in a package of its own: what it hooks, which of its
 * packages the transformer does not walk, how its responses are read, and what its hooks do beyond recording a
 * response. The core ({@code instrument}, {@code usage}, {@code calls}) loops over {@link SdkModules#ALL} and names
 * no SDK: every class name of an SDK is written in its module's package, and only there.
 *
 * <p>A module object is made at start-up (its hooks are needed before the first class loads), so it names its
 * SDK's classes by string only: nothing of the SDK, and none of the module's readers or views, is loaded until a
 * hooked class or one of its responses appears.
 */
public interface SdkModule {

    /** A short name, for messages ({@code anthropic}, {@code spring-ai}). */
    String name();

    /** The SDK methods this module hooks. */
    List<Hook> hooks();

    /**
     * Internal-name prefixes ({@code com/acme/sdk/models/}) of the SDK's own packages, whose classes the program
     * loads by the hundred and which can hold neither of the agent's annotations nor implement a hooked interface:
     * their constant pools are not walked. Hooks and configured patterns still name their classes. Name the SDK's
     * packages one by one, not its root, where programs may have code of their own ({@code com/acme/sdk/team/}).
     */
    default List<String> unwalkedPackages() {
        return List.of();
    }

    /**
     * The reader for {@code type}, or null when it is no response class of this SDK. Asked once per class (the
     * answer is cached with the class), in {@link SdkModules#ALL}'s order; the first reader given is used.
     *
     * @throws ReflectiveOperationException when the class is this SDK's but its accessors cannot be resolved:
     *         reported once, and the class is then read as no known shape
     */
    default ShapeReader reader(Class<?> type) throws ReflectiveOperationException {
        return null;
    }

    /**
     * How a framework's copy of this SDK's usage figures is read, when {@code className} is the class of the SDK's
     * usage object the framework hands on (Spring AI's native usage); null when it is none of this SDK's.
     */
    default NativeUsage nativeUsage(String className) {
        return null;
    }
}
