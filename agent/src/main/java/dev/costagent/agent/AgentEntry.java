package dev.costagent.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * The agent jar's entry point ({@code Premain-Class}, {@code Agent-Class}, {@code Main-Class}).
 *
 * <p>This class is loaded by the system class loader, so it refers to no other class of the agent: it first
 * appends the agent jar to the bootstrap class path, which makes the public API ({@code dev.costagent.*}) and the
 * agent's runtime visible from every class loader (advice is inlined into classes of any loader and must reach
 * them), then hands over to the bootstrap copy of {@link Installer} by reflection.
 */
public final class AgentEntry {

    private static final String INSTALLER = "dev.costagent.agent.Installer";

    private AgentEntry() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /** {@code java -jar cost-agent.jar ...}: the command-line tool (attach, version). */
    public static void main(String[] args) throws Exception {
        Class.forName("dev.costagent.agent.Cli").getMethod("main", String[].class).invoke(null, (Object) args);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            Path jar = Path.of(AgentEntry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
            Class<?> installer = Class.forName(INSTALLER, true, null);
            Method install = installer.getMethod("install", String.class, Instrumentation.class, boolean.class);
            install.invoke(null, args, inst, attached);
        } catch (java.lang.reflect.InvocationTargetException e) {
            report(e.getCause());
        } catch (Exception | LinkageError e) {
            report(e);
        }
    }

    /** The installer handles its own errors; reaching here means the agent could not start at all. */
    private static void report(Throwable t) {
        System.err.println("[cost-agent] WARN could not start, the program runs without cost tracking: " + t);
    }
}
