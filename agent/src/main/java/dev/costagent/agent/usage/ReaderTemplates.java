package dev.costagent.agent.usage;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The class files of the reader templates that {@link ConstantHandles} copies, kept as the JVM hands them to the
 * agent's transformer while they load. Copying a template then needs no lookup of its class file in the agent jar:
 * the first resource read from the jar costs 8 to 15 ms (the class path machinery opens the jar from Java a second
 * time), and it would fall on the host's first LLM call. A template loaded before the transformer was registered
 * (tests) is read from the jar as before.
 *
 * <p>An instance is made, and so this class loaded, before the transformer is registered: the transformer calls it
 * while classes load, and this class loading inside that call would be a circular load.
 *
 * <p>Thread-safety: safe; the first class file offered for a template is kept.
 */
public final class ReaderTemplates {

    /** The templates, by internal name; {@code ReaderTemplatesTest} checks these are the classes copied. */
    static final List<String> NAMES = List.of(
            "dev/costagent/agent/usage/AnthropicMessageReader",
            "dev/costagent/agent/usage/OpenAiCompletionReader",
            "dev/costagent/agent/usage/OpenAiResponseReader",
            "dev/costagent/agent/usage/OpenAiEmbeddingReader");
    private static final String PACKAGE = "dev/costagent/agent/usage/";
    private static final AtomicReferenceArray<byte[]> FILES = new AtomicReferenceArray<>(NAMES.size());

    /**
     * Keeps {@code classFile} when it is one of the templates, loaded by the loader of this class; anything else
     * is ignored.
     */
    public void offer(ClassLoader loader, String internalName, byte[] classFile) {
        if (loader != ReaderTemplates.class.getClassLoader() || !internalName.startsWith(PACKAGE)) {
            return;
        }
        int i = NAMES.indexOf(internalName);
        if (i >= 0) {
            // A copy: the array is the JVM's buffer for all transformers.
            FILES.compareAndSet(i, null, classFile.clone());
        }
    }

    /** The class file kept for {@code template}, or null. */
    static byte[] captured(Class<?> template) {
        int i = NAMES.indexOf(template.getName().replace('.', '/'));
        return i < 0 ? null : FILES.get(i);
    }
}
