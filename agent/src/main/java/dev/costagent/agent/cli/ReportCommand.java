package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code report [--run ID] [--json] [FOLDER|FILE]}: one run as tables. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Shows the last run (or the one given) as tables: stages, models and operations with calls, "
                + "tokens by class, cost and share of the run; unpriced models, unmetered calls, budget, status and "
                + "warnings. Money is shown exactly as the files hold it."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--run", paramLabel = "ID", description = "The run to show (default: the last one).")
    String runId;

    @Option(names = "--json", description = "Print the run as JSON, in cost_report.json's form.")
    boolean json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FOLDER|FILE", defaultValue = "data",
            description = "The agent's output folder, a cost_report.json or a cost_log.json (default: ${DEFAULT-VALUE}).")
    Path where;

    @Override
    public Integer call() throws Exception {
        RunSource source = store.source(where, spec.commandLine().getParseResult().hasMatchedPositional(0));
        RunView run = Runs.pick(source, runId);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try (JsonGenerator g = JsonOut.pretty(out)) {
                JsonOut.run(g, run);
            }
            out.println();
        } else {
            for (String line : ReportText.lines(run)) {
                out.println(line);
            }
        }
        out.flush();
        return 0;
    }
}
