package dev.costagent.agent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code prices import | diff}: keeping the model catalog current from the price lists the field maintains. */
@Command(name = "prices", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Imports a catalog from LiteLLM's or genai-prices' price list, or compares two catalogs.",
        subcommands = {PricesImportCommand.class, PricesDiffCommand.class})
final class PricesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
