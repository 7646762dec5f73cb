package dev.costagent.agent.config;

import dev.costagent.agent.log.AgentLog;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds an {@link AgentConfig} from agent arguments, system properties and environment variables, in that
 * order of precedence (SPEC section 3), refusing every value that cannot be right.
 *
 * <p>Agent arguments are {@code key=value} pairs separated by commas. Because {@code stages} and {@code calls}
 * are themselves comma-separated lists, a piece without {@code =} continues the previous value:
 * {@code stages=a.B#c,a.B#d,budget=5} sets two stages and a budget.
 */
public final class ConfigLoader {

    /** A setting: its agent-argument key, its system properties and its environment variable. */
    private enum Key {
        BUDGET("budget", "COSTAGENT_BUDGET", "budget", "costagent.budget"),
        CATALOG("catalog", "COSTAGENT_CATALOG", "costagent.catalog"),
        OUT("out", "COSTAGENT_OUT", "costagent.out"),
        WORKFLOW("workflow", "COSTAGENT_WORKFLOW", "costagent.workflow"),
        WARN_OPERATION("warn.operation", null, "costagent.warn.operation"),
        WARN_RUN("warn.run", null, "costagent.warn.run"),
        STAGES("stages", null, "costagent.stages"),
        CALLS("calls", null, "costagent.calls"),
        SDKS("sdks", null, "costagent.sdks"),
        LOG("log", null, "costagent.log");

        final String arg;
        final String env;
        final String[] properties;

        Key(String arg, String env, String... properties) {
            this.arg = arg;
            this.env = env;
            this.properties = properties;
        }

        static Key ofArgument(String name) {
            String n = name.startsWith("costagent.") ? name.substring("costagent.".length()) : name;
            for (Key k : values()) {
                if (k.arg.equals(n)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** A value and where it came from, for messages. */
    private record Source(String value, String origin) {
    }

    private ConfigLoader() {
    }

    /**
     * Reads and validates the configuration.
     *
     * @param agentArgs  the string after {@code -javaagent:cost-agent.jar=}, or null
     * @param properties the system properties
     * @param env        the environment
     * @param workingDir where relative paths and {@code ./models_catalog.yaml} are looked up
     */
    public static AgentConfig load(String agentArgs, Map<String, String> properties, Map<String, String> env,
                                   Path workingDir) throws ConfigException {
        Map<Key, Source> args = parseAgentArgs(agentArgs);
        rejectUnknownProperties(properties);
        Map<Key, Source> chosen = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            Source s = args.get(k);
            if (s == null) {
                s = fromProperties(k, properties);
            }
            if (s == null && k.env != null && env.get(k.env) != null) {
                s = new Source(env.get(k.env), "environment variable " + k.env);
            }
            if (s != null) {
                chosen.put(k, s);
            }
        }

        BigDecimal budget = chosen.containsKey(Key.BUDGET) ? usd(Key.BUDGET, chosen.get(Key.BUDGET)) : null;
        Path catalog = catalog(chosen.get(Key.CATALOG), workingDir);
        Path out = workingDir.resolve(path(Key.OUT, chosen.getOrDefault(Key.OUT, new Source("data", "default"))));
        String workflow = null;
        if (chosen.containsKey(Key.WORKFLOW)) {
            Source s = chosen.get(Key.WORKFLOW);
            workflow = s.value().trim();
            if (workflow.isEmpty()) {
                throw invalid(Key.WORKFLOW, s, "a non-empty workflow name");
            }
        }
        BigDecimal warnOp = chosen.containsKey(Key.WARN_OPERATION)
                ? usd(Key.WARN_OPERATION, chosen.get(Key.WARN_OPERATION)) : new BigDecimal("1.00");
        BigDecimal warnRun = chosen.containsKey(Key.WARN_RUN)
                ? usd(Key.WARN_RUN, chosen.get(Key.WARN_RUN)) : new BigDecimal("10.00");
        List<MethodPattern> stages = patterns(Key.STAGES, chosen.get(Key.STAGES));
        List<MethodPattern> calls = patterns(Key.CALLS, chosen.get(Key.CALLS));
        boolean sdks = true;
        if (chosen.containsKey(Key.SDKS)) {
            Source s = chosen.get(Key.SDKS);
            String v = s.value().trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw invalid(Key.SDKS, s, "true or false");
            }
            sdks = Boolean.parseBoolean(v);
        }
        String log = "info";
        if (chosen.containsKey(Key.LOG)) {
            Source s = chosen.get(Key.LOG);
            log = s.value().trim().toLowerCase(Locale.ROOT);
            if (!AgentLog.LEVELS.contains(log)) {
                throw invalid(Key.LOG, s, "one of " + String.join(", ", AgentLog.LEVELS));
            }
        }
        return new AgentConfig(budget, catalog, out, workflow, warnOp, warnRun, stages, calls, sdks, log);
    }

    private static Map<Key, Source> parseAgentArgs(String agentArgs) throws ConfigException {
        Map<Key, Source> out = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return out;
        }
        Key last = null;
        for (String piece : agentArgs.split(",", -1)) {
            int eq = piece.indexOf('=');
            if (eq < 0) {
                if (last == null || piece.isBlank()) {
                    throw new ConfigException("cost-agent: invalid agent argument '" + piece + "' in '" + agentArgs
                            + "': expected key=value pairs separated by commas");
                }
                Source prev = out.get(last);
                out.put(last, new Source(prev.value() + "," + piece, prev.origin()));
                continue;
            }
            String name = piece.substring(0, eq).trim();
            Key k = Key.ofArgument(name);
            if (k == null) {
                throw new ConfigException("cost-agent: invalid agent argument: unknown key '" + name + "' in '"
                        + agentArgs + "': expected one of " + argumentKeys());
            }
            if (out.containsKey(k)) {
                throw new ConfigException("cost-agent: invalid agent argument: key '" + name + "' given twice in '"
                        + agentArgs + "'");
            }
            out.put(k, new Source(piece.substring(eq + 1), "agent argument " + k.arg));
            last = k;
        }
        return out;
    }

    /** A {@code costagent.*} property we do not know is a typo that would silently leave a setting unset. */
    private static void rejectUnknownProperties(Map<String, String> properties) throws ConfigException {
        for (String name : properties.keySet()) {
            if (name.startsWith("costagent.") && Key.ofArgument(name) == null) {
                throw new ConfigException("cost-agent: invalid configuration: unknown system property -D" + name
                        + "='" + properties.get(name) + "': expected one of costagent." + argumentKeys().replace(", ", ", costagent."));
            }
        }
    }

    private static Source fromProperties(Key k, Map<String, String> properties) throws ConfigException {
        Source found = null;
        for (String p : k.properties) {
            String v = properties.get(p);
            if (v == null) {
                continue;
            }
            if (found != null && !found.value().equals(v)) {
                throw new ConfigException("cost-agent: invalid configuration: " + found.origin() + "='" + found.value()
                        + "' and -D" + p + "='" + v + "' disagree: expected one value for " + k.arg);
            }
            found = new Source(v, "-D" + p);
        }
        return found;
    }

    private static BigDecimal usd(Key k, Source s) throws ConfigException {
        String v = s.value().trim();
        BigDecimal d;
        try {
            d = new BigDecimal(v.startsWith("$") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            throw invalid(k, s, "a non-negative number of US dollars, e.g. 5 or 0.50");
        }
        if (d.signum() < 0) {
            throw invalid(k, s, "a non-negative number of US dollars, e.g. 5 or 0.50");
        }
        if (d.compareTo(BigDecimal.valueOf(1_000_000)) > 0 || d.stripTrailingZeros().scale() > 12) {
            throw invalid(k, s, "US dollars up to 1000000 with at most 12 decimals");
        }
        return d;
    }

    private static Path catalog(Source s, Path workingDir) throws ConfigException {
        if (s == null) {
            Path local = workingDir.resolve("models_catalog.yaml");
            return Files.isRegularFile(local) ? local : null;
        }
        Path p = workingDir.resolve(path(Key.CATALOG, s));
        if (!Files.isRegularFile(p)) {
            throw invalid(Key.CATALOG, s, "an existing catalog file (resolved to " + p.toAbsolutePath() + ")");
        }
        return p;
    }

    private static Path path(Key k, Source s) throws ConfigException {
        String v = s.value().trim();
        if (v.isEmpty()) {
            throw invalid(k, s, "a path");
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw invalid(k, s, "a valid path (" + e.getReason() + ")");
        }
    }

    private static List<MethodPattern> patterns(Key k, Source s) throws ConfigException {
        List<MethodPattern> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        if (s.value().isBlank()) {
            throw invalid(k, s, "comma-separated entries like com.acme.Pipeline#rank*");
        }
        for (String entry : s.value().split(",")) {
            try {
                out.add(MethodPattern.parse(entry));
            } catch (IllegalArgumentException e) {
                throw invalid(k, s, "comma-separated entries like com.acme.Pipeline#rank*; " + e.getMessage());
            }
        }
        return out;
    }

    private static ConfigException invalid(Key k, Source s, String expected) {
        return new ConfigException("cost-agent: invalid configuration: " + k.arg + "='" + s.value() + "' (from "
                + s.origin() + "): expected " + expected);
    }

    private static String argumentKeys() {
        StringBuilder b = new StringBuilder();
        for (Key k : Key.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(k.arg);
        }
        return b.toString();
    }
}
