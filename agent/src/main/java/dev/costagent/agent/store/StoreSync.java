package dev.costagent.agent.store;

import dev.costagent.agent.config.AgentConfig;
import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.ConfigLoader;
import dev.costagent.agent.config.Key;
import dev.costagent.agent.config.Settings;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.store.redis.RedisStoreClient;
import dev.costagent.agent.value.Money;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar cost-agent.jar store sync [OUT]}: pushes the spool files in {@code OUT} (the agent's {@code out}
 * folder, {@code data} by default) to their store, exactly as the next run would.
 *
 * <p>The store is the one configured ({@code COSTAGENT_STORE} or {@code -Dcostagent.store}), whose files alone are
 * then pushed; without one, each file goes to the store it names (its URL holds no password: the password comes
 * from {@code COSTAGENT_STORE_PASSWORD}). Exit status 0 when every file was pushed (or there was none), 1 when some
 * could not be (the store down or refusing, a file set aside as corrupt), 2 for a bad folder or setting.
 */
public final class StoreSync {

    private static final int PUSHED_ALL = 0;
    private static final int LEFT_SOME = 1;
    private static final int BAD_INPUT = 2;

    private StoreSync() {
    }

    /** With the settings of this JVM (environment and system properties); {@code outDir} null for the default. */
    public static int run(Path outDir, PrintWriter out, PrintWriter err) {
        Map<String, String> properties = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            properties.put(name, System.getProperty(name));
        }
        AgentConfig config;
        try {
            config = ConfigLoader.load(null, properties, System.getenv(), Path.of("").toAbsolutePath());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return BAD_INPUT;
        }
        return run(outDir == null ? config.outDir() : outDir, config.settings(), out, err);
    }

    /** With the given settings. */
    public static int run(Path outDir, Settings settings, PrintWriter out, PrintWriter err) {
        StoreSettings configured;
        try {
            configured = StoreSettings.parse(settings);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return BAD_INPUT;
        }
        if (!Files.isDirectory(outDir)) {
            err.println("cost-agent store sync: " + outDir + " is not a folder (give the agent's out folder)");
            return BAD_INPUT;
        }
        SpoolFiles spools = new SpoolFiles(outDir, null, StoreSettings.DEFAULT_TIMEOUT,
                AgentLog.get(StoreSync.class));
        List<Path> files;
        try {
            files = spools.files();
        } catch (IOException e) {
            err.println("cost-agent store sync: cannot list " + spools.dir() + " (" + e.getMessage() + ")");
            return BAD_INPUT;
        }
        if (files.isEmpty()) {
            out.println("cost-agent store sync: nothing to push (no spool files in " + spools.dir() + ")");
            return PUSHED_ALL;
        }
        String password = settings.text(Key.STORE_PASSWORD);
        Map<String, Target> targets = new LinkedHashMap<>();
        boolean left = false;
        for (Path f : files) {
            SpoolFiles.Spooled s;
            try {
                s = SpoolFiles.read(f);
            } catch (NoSuchFileException gone) {
                continue;
            } catch (IOException e) {
                left = true;
                try {
                    err.println("cost-agent store sync: " + f + " cannot be read (" + e.getMessage()
                            + "); kept aside as " + SpoolFiles.setAside(f));
                } catch (IOException moveFailed) {
                    err.println("cost-agent store sync: " + f + " cannot be read (" + e.getMessage() + ")");
                }
                continue;
            }
            if (configured != null && !configured.url().endpoint().equals(s.endpoint())) {
                out.println("cost-agent store sync: " + f.getFileName() + " is for " + s.store() + ", not "
                        + configured.url().shown() + "; left as it is");
                continue;
            }
            Target t = targets.get(s.endpoint());
            if (t == null) {
                StoreUrl url = configured != null ? configured.url() : storeOf(s, password, err);
                if (url == null) {
                    left = true;
                    continue;
                }
                t = new Target(new RedisStoreClient(url, configured != null ? configured.timeout()
                        : StoreSettings.DEFAULT_TIMEOUT), configured != null ? configured.timeout()
                        : StoreSettings.DEFAULT_TIMEOUT);
                targets.put(s.endpoint(), t);
            }
            left |= !t.push(f, s, spools, out, err);
        }
        for (Target t : targets.values()) {
            t.close();
        }
        return left ? LEFT_SOME : PUSHED_ALL;
    }

    private static StoreUrl storeOf(SpoolFiles.Spooled s, String password, PrintWriter err) {
        try {
            StoreUrl url = StoreUrl.parse(s.store());
            return password == null || password.isEmpty() ? url : url.withPassword(password);
        } catch (StoreUrl.Malformed e) {
            err.println("cost-agent store sync: the spooled store '" + s.store() + "' is not a store URL ("
                    + e.getMessage() + "); set COSTAGENT_STORE");
            return null;
        }
    }

    /** One store and its connection, opened for its first file. */
    private static final class Target {
        private final StoreClient client;
        private final Duration timeout;
        private StoreConnection connection;
        private boolean failed;

        Target(StoreClient client, Duration timeout) {
            this.client = client;
            this.timeout = timeout;
        }

        /** Pushes one file; returns whether the store has it now. */
        boolean push(Path f, SpoolFiles.Spooled s, SpoolFiles spools, PrintWriter out, PrintWriter err) {
            if (failed) {
                return false;
            }
            try {
                if (connection == null) {
                    connection = client.open();
                }
                connection.push(new ScopeKeys(s.ledger()), s.sender(), s.batches(), s.entry(), timeout);
            } catch (StoreException e) {
                failed = true;
                err.println("cost-agent store sync: " + e.getMessage() + "; " + f.getFileName()
                        + " and the rest for this store are left for later");
                return false;
            }
            spools.remove(f);
            out.println("cost-agent store sync: pushed run " + s.runId() + " ($"
                    + Money.usd(s.picos()).toPlainString() + (s.entry() == null ? "" : ", and its ledger entry")
                    + ") to " + client.shown() + " (" + s.ledger() + ")");
            return true;
        }

        void close() {
            if (connection != null) {
                connection.close();
            }
        }
    }
}
