package dev.costagent.agent;

import dev.costagent.agent.store.StoreSync;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * {@code java -jar cost-agent.jar}: the command line.
 * <ul>
 *   <li>{@code attach <pid> [key=value,...]} loads the agent into a running JVM, which then prices and reports
 *       as if it had been started with {@code -javaagent}; the arguments are the agent arguments.</li>
 *   <li>{@code list} lists the JVMs of this user that can be attached to.</li>
 *   <li>{@code store sync [OUT]} pushes the fleet store's spool files in OUT to their store ({@link StoreSync}).</li>
 * </ul>
 * Uses the JDK's attach API ({@code jdk.attach}), reached reflectively so the jar still loads on a JRE without it.
 */
public final class Cli {

    private static final int USAGE = 2;

    private Cli() {
    }

    public static void main(String[] args) {
        if (args.length >= 2 && args[0].equals("attach")) {
            System.exit(attach(args[1], args.length > 2 ? args[2] : ""));
        }
        if (args.length == 1 && args[0].equals("list")) {
            System.exit(list());
        }
        if (args.length >= 2 && args.length <= 3 && args[0].equals("store") && args[1].equals("sync")) {
            java.io.PrintWriter out = new java.io.PrintWriter(System.out, true);
            java.io.PrintWriter err = new java.io.PrintWriter(System.err, true);
            System.exit(StoreSync.run(args.length == 3 ? Path.of(args[2]) : null, out, err));
        }
        System.out.println("cost-agent: prices and budgets the LLM calls of a JVM program.");
        System.out.println("usage: java -javaagent:cost-agent.jar[=budget=5,out=data] -jar your-app.jar");
        System.out.println("       java -jar cost-agent.jar attach <pid> [budget=5,out=data,...]");
        System.out.println("       java -jar cost-agent.jar list");
        System.out.println("       java -jar cost-agent.jar store sync [OUT]");
        System.exit(args.length == 0 || args[0].equals("--help") || args[0].equals("-h") ? 0 : USAGE);
    }

    private static int attach(String pid, String agentArgs) {
        if (!pid.chars().allMatch(Character::isDigit) || pid.isEmpty()) {
            System.err.println("cost-agent: attach: '" + pid + "' is not a process id");
            return USAGE;
        }
        try {
            String jar = ownJar();
            Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
            Object vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
            try {
                vmClass.getMethod("loadAgent", String.class, String.class).invoke(vm, jar, agentArgs);
            } finally {
                vmClass.getMethod("detach").invoke(vm);
            }
            System.out.println("cost-agent: attached to " + pid + (agentArgs.isEmpty() ? "" : " with " + agentArgs));
            return 0;
        } catch (ClassNotFoundException e) {
            System.err.println("cost-agent: attach needs a JDK with the jdk.attach module (this runtime has none)");
            return 1;
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            System.err.println("cost-agent: could not attach to " + pid + ": " + cause);
            return 1;
        } catch (ReflectiveOperationException | URISyntaxException | RuntimeException e) {
            System.err.println("cost-agent: could not attach to " + pid + ": " + e);
            return 1;
        }
    }

    private static int list() {
        try {
            Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
            for (Object d : (java.util.List<?>) vmClass.getMethod("list").invoke(null)) {
                Class<?> desc = d.getClass();
                System.out.println(desc.getMethod("id").invoke(d) + "\t" + desc.getMethod("displayName").invoke(d));
            }
            return 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("cost-agent: cannot list JVMs: " + e);
            return 1;
        }
    }

    private static String ownJar() throws URISyntaxException {
        return new File(Path.of(Cli.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString())
                .getAbsolutePath();
    }
}
