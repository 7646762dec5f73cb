package dev.costagent.agent.config;

import java.util.List;
import java.util.Locale;

/**
 * Every setting of the agent: its agent-argument name, the system properties and the environment variable it is
 * read from (SPEC sections 3 and 7). Each key has an environment form, {@code COSTAGENT_} and its name in capitals
 * with dots as underscores, as the OpenTelemetry agent gives each of its keys one.
 *
 * <p>The settings of the integrations (store, exports) are here too, so that a misspelt one is refused like any
 * other; each integration parses its own values from {@link Settings}.
 */
public enum Key {
    BUDGET("budget", "budget", "costagent.budget"),
    CATALOG("catalog"),
    OUT("out"),
    WORKFLOW("workflow"),
    WARN_OPERATION("warn.operation"),
    WARN_RUN("warn.run"),
    STAGES("stages"),
    CALLS("calls"),
    SDKS("sdks"),
    LOG("log"),
    ENABLED("enabled"),
    SUMMARY("summary"),
    LOG_KEEP("log.keep"),
    STORE("store"),
    /** Only from the environment, so that it is never on a command line. */
    STORE_PASSWORD("store.password", new String[0]),
    BUDGET_SCOPE("budget.scope"),
    STORE_REQUIRED("store.required"),
    STORE_TIMEOUT("store.timeout"),
    PROMETHEUS_PORT("prometheus.port"),
    PROMETHEUS_HOST("prometheus.host"),
    OTLP_ENDPOINT("otlp.endpoint"),
    OTLP_HEADERS("otlp.headers"),
    OTLP_INTERVAL("otlp.interval"),
    JMX("jmx");

    private static final String PREFIX = "costagent.";

    private final String arg;
    private final List<String> properties;
    private final String env;

    /** A key read from {@code -Dcostagent.<name>}. */
    Key(String arg) {
        this(arg, PREFIX + arg);
    }

    Key(String arg, String... properties) {
        this.arg = arg;
        this.properties = List.of(properties);
        this.env = "COSTAGENT_" + arg.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The agent-argument name: {@code -javaagent:cost-agent.jar=<name>=value}. */
    public String arg() {
        return arg;
    }

    /** The system properties it is read from; empty for a key that comes only from the environment. */
    public List<String> properties() {
        return properties;
    }

    /** The environment variable it is read from. */
    public String env() {
        return env;
    }

    /** Whether it may be given as an agent argument (a secret would show in the process list). */
    public boolean allowsArgument() {
        return this != STORE_PASSWORD;
    }

    /** Whether its value is a secret, never printed: a message shows it as hidden. */
    public boolean secret() {
        return this == STORE_PASSWORD || this == OTLP_HEADERS;
    }

    /**
     * Whether an agent-argument piece without a key of its own continues this key's value: its value is itself a
     * comma-separated list ({@code stages=a.B#c,a.B#d}). For {@link #OTLP_HEADERS}, whose entries are
     * {@code name=value} pairs, a piece continues it when its name is not a key.
     */
    boolean takesList() {
        return this == STAGES || this == CALLS || this == OTLP_HEADERS;
    }

    /** The value as a message may show it: a secret hidden, a password in a store URL masked. */
    public String shown(String value) {
        if (secret()) {
            return "<hidden>";
        }
        if (this == STORE) {
            return maskPassword(value);
        }
        return value;
    }

    /**
     * A URL with the password of its user part replaced: {@code redis://app:***@host:6379}. The user part runs to
     * the last {@code @}, so a password holding {@code /} or {@code @} is masked whole; a user part without a colon
     * is a password alone (as {@code redis-cli} reads it) and is masked whole: {@code redis://***@host}.
     */
    public static String maskPassword(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme + 3) {
            return url;
        }
        int colon = url.indexOf(':', scheme + 3);
        String user = colon >= 0 && colon < at ? url.substring(scheme + 3, colon + 1) : "";
        return url.substring(0, scheme + 3) + user + "***" + url.substring(at);
    }

    /** The key of an agent argument or of a {@code costagent.*} property, or null. */
    public static Key ofArgument(String name) {
        String n = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
        for (Key k : values()) {
            if (k.arg.equals(n)) {
                return k;
            }
        }
        return null;
    }

    /** The key of an environment variable, or null. */
    public static Key ofEnv(String name) {
        for (Key k : values()) {
            if (k.env.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
