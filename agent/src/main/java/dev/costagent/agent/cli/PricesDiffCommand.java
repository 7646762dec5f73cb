package dev.costagent.agent.cli;

import dev.costagent.agent.pricing.CatalogException;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.pricing.PriceCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code prices diff OLD NEW}: what changed between two catalogs, model by model. */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Compares two catalogs (the agent's YAML format): models added, removed and repriced.")
final class PricesDiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The catalog before.")
    Path old;

    @Parameters(index = "1", paramLabel = "NEW", description = "The catalog after.")
    Path neu;

    @Override
    public Integer call() throws Exception {
        PriceCatalog a = load(old);
        PriceCatalog b = load(neu);
        PrintWriter out = spec.commandLine().getOut();
        for (String line : CatalogDiff.lines(a, b)) {
            out.println(line);
        }
        out.flush();
        return 0;
    }

    private static PriceCatalog load(Path file) throws CliException {
        try {
            return CatalogLoader.load(file);
        } catch (CatalogException e) {
            throw new CliException(e.getMessage(), e);
        }
    }
}
