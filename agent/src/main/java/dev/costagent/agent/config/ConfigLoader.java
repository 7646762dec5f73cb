package dev.costagent.agent.config;

import dev.costagent.agent.log.AgentLog;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds an {@link AgentConfig} from agent arguments, system properties and environment variables, in that
 * order of precedence (SPEC section 3), refusing every value that cannot be right. Where the settings are found,
 * and what is refused as a likely typo, is {@link ConfigSources}' part.
 */
public final class ConfigLoader {

    /** Runs kept in {@code cost_log.json} by default; older ones are archived beside it. */
    public static final int DEFAULT_LOG_KEEP = 10_000;

    private ConfigLoader() {
    }

    /**
     * Where the agent is switched off ({@code enabled=false}), or null when it is on. Read before anything else,
     * so that an operator can turn the agent off whatever else its command line says.
     */
    public static String disabledBy(String agentArgs, Map<String, String> properties, Map<String, String> env)
            throws ConfigException {
        Settings.Setting s = null;
        if (agentArgs != null) {
            for (String piece : agentArgs.split(",", -1)) {
                int eq = piece.indexOf('=');
                if (eq > 0 && Key.ofArgument(piece.substring(0, eq).trim()) == Key.ENABLED) {
                    s = new Settings.Setting(piece.substring(eq + 1), "agent argument " + Key.ENABLED.arg());
                }
            }
        }
        if (s == null && properties.get("costagent.enabled") != null) {
            s = new Settings.Setting(properties.get("costagent.enabled"), "-Dcostagent.enabled");
        }
        if (s == null && env.get(Key.ENABLED.env()) != null) {
            s = new Settings.Setting(env.get(Key.ENABLED.env()), "environment variable " + Key.ENABLED.env());
        }
        if (s == null) {
            return null;
        }
        boolean enabled = new Settings(Map.of(Key.ENABLED, s)).bool(Key.ENABLED, true);
        return enabled ? null : s.origin();
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
        Settings s = ConfigSources.resolve(agentArgs, properties, env);
        BigDecimal budget = s.usd(Key.BUDGET);
        Path catalog = catalog(s, workingDir);
        Path out = workingDir.resolve(s.has(Key.OUT) ? path(s, Key.OUT) : Path.of("data"));
        String workflow = s.nonEmpty(Key.WORKFLOW, "a non-empty workflow name");
        BigDecimal warnOp = s.has(Key.WARN_OPERATION) ? s.usd(Key.WARN_OPERATION) : new BigDecimal("1.00");
        BigDecimal warnRun = s.has(Key.WARN_RUN) ? s.usd(Key.WARN_RUN) : new BigDecimal("10.00");
        List<MethodPattern> stages = patterns(s, Key.STAGES);
        List<MethodPattern> calls = patterns(s, Key.CALLS);
        boolean sdks = s.bool(Key.SDKS, true);
        String log = "info";
        if (s.has(Key.LOG)) {
            log = s.text(Key.LOG).toLowerCase(Locale.ROOT);
            if (!AgentLog.LEVELS.contains(log)) {
                throw s.invalid(Key.LOG, "one of " + String.join(", ", AgentLog.LEVELS));
            }
        }
        boolean summary = s.bool(Key.SUMMARY, true);
        int keep = (int) s.number(Key.LOG_KEEP, 1, 10_000_000, DEFAULT_LOG_KEEP);
        return new AgentConfig(budget, catalog, out, workflow, warnOp, warnRun, stages, calls, sdks, log, summary,
                keep, s);
    }

    private static Path catalog(Settings s, Path workingDir) throws ConfigException {
        if (!s.has(Key.CATALOG)) {
            Path local = workingDir.resolve("models_catalog.yaml");
            return Files.isRegularFile(local) ? local : null;
        }
        Path p = workingDir.resolve(path(s, Key.CATALOG));
        if (!Files.isRegularFile(p)) {
            throw s.invalid(Key.CATALOG, "an existing catalog file (resolved to " + p.toAbsolutePath() + ")");
        }
        return p;
    }

    private static Path path(Settings s, Key k) throws ConfigException {
        String v = s.nonEmpty(k, "a path");
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw s.invalid(k, "a valid path (" + e.getReason() + ")");
        }
    }

    private static List<MethodPattern> patterns(Settings s, Key k) throws ConfigException {
        List<MethodPattern> out = new ArrayList<>();
        if (!s.has(k)) {
            return out;
        }
        String value = s.get(k).value();
        if (value.isBlank()) {
            throw s.invalid(k, "comma-separated entries like com.acme.Pipeline#rank*");
        }
        for (String entry : value.split(",")) {
            try {
                out.add(MethodPattern.parse(entry));
            } catch (IllegalArgumentException e) {
                throw s.invalid(k, "comma-separated entries like com.acme.Pipeline#rank*; " + e.getMessage());
            }
        }
        return out;
    }
}
