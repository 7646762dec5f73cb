package dev.costagent.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code diff RUN_A RUN_B [FOLDER]}: what changed between two runs, stage by stage and model by model. */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Compares two runs stage by stage and model by model: calls, tokens and cost, the biggest "
                + "change in cost first."})
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "The run id to compare from.")
    String runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "The run id to compare with.")
    String runB;

    @Parameters(index = "2", arity = "0..1", paramLabel = "FOLDER", defaultValue = "data",
            description = "The agent's output folder, or a cost_log.json (default: ${DEFAULT-VALUE}).")
    Path where;

    @Override
    public Integer call() throws Exception {
        RunSource source = store.source(where, spec.commandLine().getParseResult().hasMatchedPositional(2));
        Map<String, RunView> runs = Runs.pick(source, List.of(runA, runB));
        PrintWriter out = spec.commandLine().getOut();
        for (String line : DiffText.lines(runs.get(runA), runs.get(runB))) {
            out.println(line);
        }
        out.flush();
        return 0;
    }
}
