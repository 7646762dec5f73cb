package dev.costagent.agent.cli;

import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.Key;
import dev.costagent.agent.config.Settings;
import dev.costagent.agent.config.Settings.Setting;
import dev.costagent.agent.store.StoreHistory;
import dev.costagent.agent.store.StoreSettings;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --store URL --scope NAME}, shared by {@code report}, {@code history}, {@code diff} and {@code html}: read
 * the runs from a fleet store's ledger (docs/fleet.md) instead of a folder.
 *
 * <p>The store and its settings are read as the agent reads them ({@link StoreSettings}): the URL from
 * {@code --store}, else {@code COSTAGENT_STORE}; the password only from {@code COSTAGENT_STORE_PASSWORD} (or the URL,
 * as the agent accepts it); the timeout from {@code COSTAGENT_STORE_TIMEOUT}, else 2 s. A scope is what selects the
 * store: {@code COSTAGENT_STORE} alone, set for the fleet's workers, leaves the commands reading folders.
 */
final class StoreOptions {

    @Option(names = "--store", paramLabel = "URL",
            description = "Read the runs from this fleet store, redis://host[:port][/db] or rediss:// (default: "
                    + "COSTAGENT_STORE); with --scope. The password comes from COSTAGENT_STORE_PASSWORD.")
    String store;

    @Option(names = "--scope", paramLabel = "NAME",
            description = "The scope whose ledger to read from the store. Runs without a scope are filed under "
                    + "their workflow's name: --scope WORKFLOW reads those.")
    String scope;

    /**
     * The runs to read: the scope's ledger when {@code --scope} is given, else the folder or file at {@code where}.
     *
     * @param whereGiven whether the folder was given on the command line (it cannot be read with a scope)
     * @throws CliException for a store without a scope, a scope without a store or with a folder, a bad URL
     */
    RunSource source(Path where, boolean whereGiven) throws CliException {
        if (scope == null) {
            if (store != null) {
                throw new CliException("--store needs --scope NAME, the scope whose ledger to read (runs without a "
                        + "scope are filed under their workflow's name)");
            }
            return CostFiles.at(where);
        }
        if (whereGiven) {
            throw new CliException("give a folder (" + where + ") or --scope " + scope + ", not both");
        }
        StoreSettings settings = settings(System.getenv());
        return new StoreSource(new StoreHistory(settings.url(), settings.timeout(), settings.scope()));
    }

    /** The store's settings, parsed by the agent's own rules, each refusal naming where the value came from. */
    StoreSettings settings(Map<String, String> env) throws CliException {
        Map<Key, Setting> given = new EnumMap<>(Key.class);
        if (store != null) {
            given.put(Key.STORE, new Setting(store, "--store"));
        } else if (env.get(Key.STORE.env()) != null) {
            given.put(Key.STORE, fromEnv(Key.STORE, env));
        } else {
            throw new CliException("--scope " + scope + " needs a store: --store redis://host:6379, or "
                    + Key.STORE.env());
        }
        given.put(Key.BUDGET_SCOPE, new Setting(scope, "--scope"));
        for (Key k : List.of(Key.STORE_PASSWORD, Key.STORE_TIMEOUT)) {
            if (env.get(k.env()) != null) {
                given.put(k, fromEnv(k, env));
            }
        }
        try {
            return StoreSettings.parse(Settings.of(given));
        } catch (ConfigException e) {
            // The agent's words ("cost-agent: invalid configuration: ..."), under the command's own prefix.
            String m = e.getMessage();
            throw new CliException(m.startsWith("cost-agent: ") ? m.substring("cost-agent: ".length()) : m);
        }
    }

    private static Setting fromEnv(Key k, Map<String, String> env) {
        return new Setting(env.get(k.env()), "environment variable " + k.env());
    }
}
