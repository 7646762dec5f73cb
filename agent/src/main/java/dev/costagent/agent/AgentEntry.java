package dev.costagent.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
 *
 * <p>Nothing here may fail the program: a JVM older than the agent's Java 17, an environment that cannot extend
 * the bootstrap path, an installer that cannot load, each is one WARN line and the program runs untracked. For
 * the version check to be reached on an old JVM this class must itself load there, so it is written in the
 * language and library of Java 8 and refers to nothing newer.
 */
public final class AgentEntry {

    /** The oldest Java the agent's classes are compiled for. */
    static final int MINIMUM_JAVA = 17;

    private static final String INSTALLER = "dev.costagent.agent.Installer";

    private AgentEntry() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /** {@code java -jar cost-agent.jar ...}: the command line ({@code cli.Cli}: report, history, prices, attach, ...). */
    public static void main(String[] args) throws Exception {
        Class.forName("dev.costagent.agent.cli.Cli").getMethod("main", String[].class).invoke(null, (Object) args);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            String tooOld = unsupportedJava(System.getProperty("java.specification.version"));
            if (tooOld != null) {
                warn(tooOld);
                return;
            }
            if (inst == null) {
                warn("could not start: the JVM gave the agent no instrumentation; the program runs without cost "
                        + "tracking");
                return;
            }
            if (AgentEntry.class.getClassLoader() != null) {
                File jar = new File(AgentEntry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            }
            Class<?> installer = Class.forName(INSTALLER, true, null);
            Method install = installer.getMethod("install", String.class, Instrumentation.class, boolean.class);
            install.invoke(null, args, inst, attached);
        } catch (InvocationTargetException e) {
            couldNotStart(e.getCause());
        } catch (Exception e) {
            couldNotStart(e);
        } catch (LinkageError e) {
            couldNotStart(e);
        }
    }

    /**
     * The WARN for a Java older than {@link #MINIMUM_JAVA}, or null when this one will do.
     *
     * @param specificationVersion {@code java.specification.version}: {@code 1.8}, {@code 11}, {@code 17}, ...
     */
    static String unsupportedJava(String specificationVersion) {
        int feature;
        try {
            String v = specificationVersion.trim();
            feature = Integer.parseInt(v.startsWith("1.") ? v.substring(2) : v);
        } catch (RuntimeException unparseable) {
            // A version this code cannot read is a newer one.
            return null;
        }
        if (feature >= MINIMUM_JAVA) {
            return null;
        }
        return "needs Java " + MINIMUM_JAVA + " or newer, this JVM is Java " + specificationVersion.trim()
                + "; the program runs without cost tracking";
    }

    /** The installer handles its own errors; reaching here means the agent could not start at all. */
    private static void couldNotStart(Throwable t) {
        String what;
        try {
            what = String.valueOf(t);
        } catch (RuntimeException e) {
            what = t.getClass().getName();
        }
        warn("could not start, the program runs without cost tracking: " + what);
    }

    private static void warn(String message) {
        System.err.println("[cost-agent] WARN " + message);
    }
}
