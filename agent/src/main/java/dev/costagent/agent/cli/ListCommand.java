package dev.costagent.agent.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code list}: the JVMs of this user that can be attached to, one per line: process id, tab, display name. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Lists the JVMs of this user that 'attach' can load the agent into.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
            for (Object d : (List<?>) vmClass.getMethod("list").invoke(null)) {
                Class<?> desc = d.getClass();
                out.println(desc.getMethod("id").invoke(d) + "\t" + desc.getMethod("displayName").invoke(d));
            }
            out.flush();
            return 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("cost-agent: cannot list JVMs: " + e);
            err.flush();
            return 1;
        }
    }
}
