package dev.costagent.agent.cli;

import dev.costagent.agent.store.StoreSync;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code store sync [OUT]}: the fleet store's command line (see docs/fleet.md). */
@Command(name = "store", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Works with the fleet store (costagent.store).",
        subcommands = {StoreCommand.Sync.class})
final class StoreCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code store sync [OUT]}: {@link StoreSync}. */
    @Command(name = "sync", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
            description = {"Pushes the spend that runs could not push to the store before they ended (the spool "
                    + "files in OUT/cost_spool) to the store, exactly once, as the next run would. The store is "
                    + "COSTAGENT_STORE (or -Dcostagent.store), else the one each file names; its password comes "
                    + "from COSTAGENT_STORE_PASSWORD.",
                    "Exit status: 0 all pushed (or nothing to push), 1 some left (the store down or refusing), 2 a "
                            + "bad folder or setting."})
    static final class Sync implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "OUT",
                description = "The agent's output folder (default: the configured out folder, else data).")
        Path out;

        @Override
        public Integer call() {
            int status = StoreSync.run(out, spec.commandLine().getOut(), spec.commandLine().getErr());
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().flush();
            return status;
        }
    }
}
