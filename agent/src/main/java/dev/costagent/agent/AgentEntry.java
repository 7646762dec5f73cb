package dev.costagent.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * The agent jar's entry point ({@code Premain-Class}, {@code Agent-Class}, {@code Main-Class}).
 *
 * <p>The agent's classes must be loaded by the bootstrap class loader: advice is inlined into classes of every
 * loader and must reach the public API ({@code dev.costagent.*}) and the agent's runtime from all of them. The
 * manifest's {@code Boot-Class-Path} arranges that before this class loads, as long as the jar is still named
 * {@code cost-agent.jar}. Otherwise this class was loaded by the system class loader: it then refers to no other
 * class of the agent, appends the jar to the bootstrap path itself (the JVM then warns that class data sharing
 * is limited to JDK classes), and hands over to the bootstrap copy of {@link Installer} by reflection.
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
            if (AgentEntry.class.getClassLoader() != null) {
                Path jar = Path.of(AgentEntry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
            }
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
