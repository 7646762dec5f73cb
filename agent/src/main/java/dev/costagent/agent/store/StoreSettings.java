package dev.costagent.agent.store;

import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.Key;
import dev.costagent.agent.config.Settings;
import java.time.Duration;

/**
 * The fleet store's settings (SPEC section 7), parsed and checked before {@code main}.
 *
 * @param url      where the store is, with its password (from the URL or {@code COSTAGENT_STORE_PASSWORD})
 * @param scope    the shared budget and ledger's name, or null: the run then records under its workflow's name
 *                 with its own budget
 * @param required whether a store that cannot be used at start-up stops the JVM before {@code main}
 * @param timeout  how long one round trip may take, and how long the exit waits for the last push
 */
public record StoreSettings(StoreUrl url, String scope, boolean required, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_SCOPE = 200;

    /** The store's settings, or null when no store is configured. */
    public static StoreSettings parse(Settings s) throws ConfigException {
        // Checked whether or not a store is set, so that a misspelt value is refused the same way in both cases.
        Duration timeout = s.duration(Key.STORE_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1),
                DEFAULT_TIMEOUT);
        boolean required = s.bool(Key.STORE_REQUIRED, false);
        String scope = scope(s);
        String raw = s.nonEmpty(Key.STORE, "a URL redis://host:port[/db] or rediss://host:port[/db]");
        if (raw == null) {
            // A scope or a required store without a store would silently give every JVM a budget of its own.
            if (scope != null) {
                throw s.invalid(Key.BUDGET_SCOPE, "a store to share it through, as costagent.store=redis://host:6379"
                        + " (no store is set)");
            }
            if (required) {
                throw s.invalid(Key.STORE_REQUIRED, "false, or a store to require, as costagent.store=redis://host:6379"
                        + " (no store is set)");
            }
            return null;
        }
        StoreUrl url;
        try {
            url = StoreUrl.parse(raw);
        } catch (StoreUrl.Malformed e) {
            throw s.invalid(Key.STORE, e.getMessage());
        }
        String fromEnv = s.text(Key.STORE_PASSWORD);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            if (url.password() != null) {
                throw s.invalid(Key.STORE_PASSWORD, "the password once: it is in the store URL too (keep it in "
                        + Key.STORE_PASSWORD.env() + ", off the command line)");
            }
            url = url.withPassword(fromEnv);
        }
        return new StoreSettings(url, scope, required, timeout);
    }

    private static String scope(Settings s) throws ConfigException {
        String scope = s.nonEmpty(Key.BUDGET_SCOPE, "a name for the shared budget, such as nightly-2026-12-06");
        if (scope == null) {
            return null;
        }
        if (scope.length() > MAX_SCOPE) {
            throw s.invalid(Key.BUDGET_SCOPE, "a name of at most " + MAX_SCOPE + " characters");
        }
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            // Braces would change the Redis Cluster hash tag the scope's keys share (see ScopeKeys).
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '{' || c == '}') {
                throw s.invalid(Key.BUDGET_SCOPE, "a name without spaces, control characters or braces");
            }
        }
        return scope;
    }

    /** Whether the budget is shared: a scope is set. */
    public boolean shared() {
        return scope != null;
    }

    @Override
    public String toString() {
        return "StoreSettings[" + url.shown() + ", scope " + scope + "]";
    }
}
