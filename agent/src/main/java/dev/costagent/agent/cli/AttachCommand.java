package dev.costagent.agent.cli;

import java.io.File;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code attach <pid> [key=value,...]}: loads the agent into a running JVM, which then prices and reports as if it
 * had been started with {@code -javaagent}; the arguments are the agent arguments.
 *
 * <p>Uses the JDK's attach API ({@code jdk.attach}), reached reflectively so the jar still loads on a JRE without it.
 */
@Command(name = "attach", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Loads the agent into a running JVM (see 'list'), with the given agent arguments.")
final class AttachCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the JVM.")
    String pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ARGS", defaultValue = "",
            description = "Agent arguments, as after -javaagent:cost-agent.jar= (budget=5,out=data,...).")
    String agentArgs;

    @Override
    public Integer call() throws CliException {
        if (pid.isEmpty() || !pid.chars().allMatch(Character::isDigit)) {
            throw new CliException("attach: '" + pid + "' is not a process id");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String jar = ownJar();
            Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
            Object vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
            try {
                vmClass.getMethod("loadAgent", String.class, String.class).invoke(vm, jar, agentArgs);
            } finally {
                vmClass.getMethod("detach").invoke(vm);
            }
            out.println("cost-agent: attached to " + pid + (agentArgs.isEmpty() ? "" : " with " + agentArgs));
            out.flush();
            return 0;
        } catch (ClassNotFoundException e) {
            err.println("cost-agent: attach needs a JDK with the jdk.attach module (this runtime has none)");
        } catch (InvocationTargetException e) {
            err.println("cost-agent: could not attach to " + pid + ": " + e.getCause());
        } catch (ReflectiveOperationException | URISyntaxException | RuntimeException e) {
            err.println("cost-agent: could not attach to " + pid + ": " + e);
        }
        err.flush();
        return 1;
    }

    private static String ownJar() throws URISyntaxException {
        return new File(Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString()).getAbsolutePath();
    }
}
