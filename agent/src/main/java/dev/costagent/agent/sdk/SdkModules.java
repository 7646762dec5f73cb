package dev.costagent.agent.sdk;

import dev.costagent.agent.sdk.anthropic.AnthropicModule;
import dev.costagent.agent.sdk.bedrock.BedrockModule;
import dev.costagent.agent.sdk.genai.GenAiModule;
import dev.costagent.agent.sdk.langchain4j.LangChain4jModule;
import dev.costagent.agent.sdk.openai.OpenAiModule;
import dev.costagent.agent.sdk.springai.SpringAiModule;
import java.util.ArrayList;
import java.util.List;

/**
 * The SDK modules, one line each: adding an SDK is a package of its own and a line here (see
 * {@code docs/how-it-works.md}, "Adding an SDK").
 *
 * <p>Order matters in one place only: a response class is read by the first module that has a reader for it. The
 * providers' SDKs come first, their classes matched by exact name; the frameworks over them then match by
 * superclass.
 */
public final class SdkModules {

    public static final List<SdkModule> ALL = List.of(
            AnthropicModule.INSTANCE,
            OpenAiModule.INSTANCE,
            LangChain4jModule.INSTANCE,
            SpringAiModule.INSTANCE,
            GenAiModule.INSTANCE,
            BedrockModule.INSTANCE);

    private SdkModules() {
    }

    /** Every module's hooks, in order. */
    public static List<Hook> hooks() {
        List<Hook> out = new ArrayList<>();
        for (SdkModule m : ALL) {
            out.addAll(m.hooks());
        }
        return List.copyOf(out);
    }

    /** Every module's {@link SdkModule#unwalkedPackages}. */
    public static List<String> unwalkedPackages() {
        List<String> out = new ArrayList<>();
        for (SdkModule m : ALL) {
            out.addAll(m.unwalkedPackages());
        }
        return List.copyOf(out);
    }

    /** How a framework's copy of the figures of an SDK usage object of class {@code className} is read, or null. */
    public static NativeUsage nativeUsage(String className) {
        for (SdkModule m : ALL) {
            NativeUsage n = m.nativeUsage(className);
            if (n != null) {
                return n;
            }
        }
        return null;
    }
}
