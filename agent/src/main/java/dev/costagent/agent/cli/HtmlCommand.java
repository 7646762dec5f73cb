package dev.costagent.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code html [-o FILE] [FOLDER]}: one self-contained page with charts and the tables of {@code report}. */
@Command(name = "html", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Writes one self-contained HTML page (nothing fetched when it is viewed): the last run's spend "
                + "by stage and by model as charts, the cost per run over the history, the cumulative total, and the "
                + "tables of 'report'."})
final class HtmlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "cost-report.html",
            description = "Where to write the page (default: ${DEFAULT-VALUE}).")
    Path output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FOLDER", defaultValue = "data",
            description = "The agent's output folder, or a cost_log.json (default: ${DEFAULT-VALUE}).")
    Path where;

    @Override
    public Integer call() throws Exception {
        RunSource source = store.source(where, spec.commandLine().getParseResult().hasMatchedPositional(0));
        String page = HtmlPage.render(source);
        try {
            Path dir = output.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.writeString(output, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(output + ": cannot write the page: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wrote " + output + " (" + (page.length() / 1024) + " kB).");
        out.flush();
        return 0;
    }
}
