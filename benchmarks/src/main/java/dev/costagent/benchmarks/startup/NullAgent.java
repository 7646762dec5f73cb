package dev.costagent.benchmarks.startup;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The floor of any Java agent that transforms classes: a {@code premain} that registers, as cost-agent does, a
 * retransformation-capable transformer, which returns {@code null} (no change) for every class. Built into
 * {@code benchmarks/target/cost-agent-benchmarks-*-null-agent.jar}; {@code FLOOR=1 benchmarks/startup.sh} runs it
 * beside cost-agent in the same rounds, which separates what the JVM charges any such agent (the
 * {@code java.instrument} module turning off the archived module graph, a Java upcall with a copy of every class
 * file) from what cost-agent itself adds.
 */
public final class NullAgent {

    private NullAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        inst.addTransformer(new Unchanged(), true);
    }

    private static final class Unchanged implements ClassFileTransformer {
        @Override
        public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                                byte[] classFile) {
            return null;
        }
    }
}
