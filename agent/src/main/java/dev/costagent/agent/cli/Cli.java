package dev.costagent.agent.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar cost-agent.jar COMMAND}: the command line, reached from the jar's {@code Main-Class}
 * ({@code AgentEntry.main}). The agent itself never loads this package, nor picocli.
 *
 * <p>Bad input (a usage error, a missing folder, a file that is not a cost log, an unknown run id, a malformed
 * price file) exits with status 2 and one line on standard error, never a stack trace.
 */
@Command(name = Cli.NAME, mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        customSynopsis = "Usage: java -jar cost-agent.jar COMMAND [OPTIONS]",
        description = {"Prices and budgets the LLM calls of a JVM program:",
                "  java -javaagent:cost-agent.jar[=budget=5,out=data] -jar your-app.jar",
                "and reads what it wrote:"},
        subcommands = {ReportCommand.class, HistoryCommand.class, DiffCommand.class, HtmlCommand.class,
                PricesCommand.class, AttachCommand.class, ListCommand.class, StoreCommand.class,
                CommandLine.HelpCommand.class})
public final class Cli implements Runnable {

    /** Bad input: picocli's own code for a usage error, and ours for a bad path, id or file. */
    static final int BAD_INPUT = 2;

    /** How the usage names the program: each command's synopsis then reads as the line to type. */
    static final String NAME = "java -jar cost-agent.jar";

    public static void main(String[] args) {
        // Buffered, flushed once: history prints a line per run, and a flush per line costs a system call each.
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err), true);
        int status;
        try {
            status = run(args, out, err);
        } finally {
            out.flush();
        }
        System.exit(status);
    }

    /** Runs one command line; what it prints goes to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Cli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println(oneLine(prefix(e.getCommandLine()) + e.getMessage()) + " (see --help)");
            err.flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof CliException) {
                err.println(oneLine(prefix(commandLine) + e.getMessage()));
                err.flush();
                return BAD_INPUT;
            }
            // Our own fault, not the user's: still one line, with what it was, and a status that says so.
            err.println(oneLine(prefix(commandLine) + "internal error: " + e));
            err.flush();
            return 1;
        });
        return cli.execute(args);
    }

    @Spec
    CommandSpec spec;

    /** Without a command: the usage, as before there were commands to choose from. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cost-agent prices import: }, for the command a message is about. */
    private static String prefix(CommandLine command) {
        String name = command.getCommandSpec().qualifiedName(" ");
        return "cost-agent" + name.substring(NAME.length()) + ": ";
    }

    private static String oneLine(String s) {
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** The version from the jar's manifest ({@code Implementation-Version}). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"cost-agent " + (v == null ? "(development build)" : v)};
        }
    }
}
