package dev.costagent.agent.config;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Finds each key's setting in the agent arguments, the system properties and the environment, in that order of
 * precedence (SPEC section 3), and refuses what looks like a setting but is not one: a typo must never silently
 * drop a budget.
 *
 * <p>Refused: an unknown agent argument; an unknown {@code -Dcostagent.*} property or {@code COSTAGENT_*} variable;
 * a property or variable whose prefix is one edit away from {@code costagent} ({@code -Dcostagnet.budget}); a
 * property one edit away from {@code budget} ({@code -Dbudegt}, {@code -DBudget}); {@code budget} and
 * {@code costagent.budget} set to different values.
 *
 * <p>Agent arguments are {@code key=value} pairs separated by commas. A list value ({@code stages}, {@code calls},
 * {@code otlp.headers}) continues over the pieces that follow until the next {@code key=}: {@code stages=a.B#c,a.B#d}
 * sets two stages.
 */
final class ConfigSources {

    private static final String PREFIX = "costagent";

    private ConfigSources() {
    }

    static Settings resolve(String agentArgs, Map<String, String> properties, Map<String, String> env)
            throws ConfigException {
        Map<Key, Settings.Setting> args = parseAgentArgs(agentArgs);
        rejectNearMissProperties(properties);
        rejectUnknownEnvironment(env);
        Map<Key, Settings.Setting> chosen = new EnumMap<>(Key.class);
        for (Key k : Key.values()) {
            Settings.Setting s = args.get(k);
            if (s == null) {
                s = fromProperties(k, properties);
            }
            if (s == null && env.get(k.env()) != null) {
                s = new Settings.Setting(env.get(k.env()), "environment variable " + k.env());
            }
            if (s != null) {
                chosen.put(k, s);
            }
        }
        return new Settings(chosen);
    }

    private static Map<Key, Settings.Setting> parseAgentArgs(String agentArgs) throws ConfigException {
        Map<Key, Settings.Setting> out = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return out;
        }
        Key last = null;
        for (String piece : agentArgs.split(",", -1)) {
            int eq = piece.indexOf('=');
            Key k = eq < 0 ? null : Key.ofArgument(piece.substring(0, eq).trim());
            boolean continues = last != null && last.takesList()
                    && (eq < 0 || (k == null && last == Key.OTLP_HEADERS));
            if (continues && !piece.isBlank()) {
                Settings.Setting prev = out.get(last);
                out.put(last, new Settings.Setting(prev.value() + "," + piece, prev.origin()));
                continue;
            }
            if (eq < 0) {
                throw new ConfigException("cost-agent: invalid agent argument '" + piece + "' in '" + agentArgs
                        + "': expected key=value pairs separated by commas");
            }
            String name = piece.substring(0, eq).trim();
            if (k == null || !k.allowsArgument()) {
                throw new ConfigException("cost-agent: invalid agent argument: unknown key '" + name + "' in '"
                        + agentArgs + "'" + suggestion(name) + ": expected one of " + argumentKeys());
            }
            if (out.containsKey(k)) {
                throw new ConfigException("cost-agent: invalid agent argument: key '" + name + "' given twice in '"
                        + agentArgs + "'");
            }
            out.put(k, new Settings.Setting(piece.substring(eq + 1), "agent argument " + k.arg()));
            last = k;
        }
        return out;
    }

    private static void rejectNearMissProperties(Map<String, String> properties) throws ConfigException {
        for (String name : properties.keySet()) {
            int dot = name.indexOf('.');
            String head = dot < 0 ? name : name.substring(0, dot);
            boolean ours = head.equals(PREFIX) && Key.ofArgument(name) != null
                    && !Key.ofArgument(name).properties().isEmpty();
            if (ours || name.equals("budget")) {
                continue;
            }
            if (head.equals(PREFIX)) {
                if (Key.ofArgument(name) == Key.STORE_PASSWORD) {
                    throw new ConfigException("cost-agent: invalid configuration: -D" + name + " is not read: give "
                            + "the store's password in the environment variable " + Key.STORE_PASSWORD.env()
                            + ", so that it is not on the command line");
                }
                throw new ConfigException("cost-agent: invalid configuration: unknown system property -D" + name
                        + "='" + properties.get(name) + "'" + propertySuggestion(name.substring(PREFIX.length() + 1))
                        + ": expected one of " + propertyKeys());
            }
            if (dot > 0 && NearMiss.oneEditApart(head.toLowerCase(Locale.ROOT), PREFIX)) {
                Key meant = Key.ofArgument(name.substring(dot + 1));
                throw new ConfigException("cost-agent: invalid configuration: system property -D" + name
                        + " looks like a misspelt cost-agent setting" + (meant == null ? "" : ": did you mean -D"
                        + PREFIX + "." + meant.arg() + "?") + " (properties of cost-agent start with costagent.)");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (dot < 0 && (lower.equals("budget") || NearMiss.oneEditApart(lower, "budget"))) {
                throw new ConfigException("cost-agent: invalid configuration: system property -D" + name
                        + " looks like a misspelt budget: did you mean -Dbudget (or -Dcostagent.budget)?");
            }
        }
    }

    private static void rejectUnknownEnvironment(Map<String, String> env) throws ConfigException {
        for (String name : env.keySet()) {
            int underscore = name.indexOf('_');
            String head = underscore < 0 ? name : name.substring(0, underscore);
            if (head.equals("COSTAGENT")) {
                if (Key.ofEnv(name) == null) {
                    throw new ConfigException("cost-agent: invalid configuration: unknown environment variable "
                            + name + envSuggestion(name.substring(underscore + 1)) + ": expected one of "
                            + envKeys());
                }
            } else if (underscore > 0 && NearMiss.oneEditApart(head, "COSTAGENT")) {
                throw new ConfigException("cost-agent: invalid configuration: environment variable " + name
                        + " looks like a misspelt cost-agent setting" + envSuggestion(name.substring(underscore + 1))
                        + " (variables of cost-agent start with COSTAGENT_)");
            }
        }
    }

    private static Settings.Setting fromProperties(Key k, Map<String, String> properties) throws ConfigException {
        Settings.Setting found = null;
        for (String p : k.properties()) {
            String v = properties.get(p);
            if (v == null) {
                continue;
            }
            if (found != null && !found.value().equals(v)) {
                throw new ConfigException("cost-agent: invalid configuration: " + found.origin() + "='"
                        + k.shown(found.value()) + "' and -D" + p + "='" + k.shown(v)
                        + "' disagree: expected one value for " + k.arg());
            }
            found = new Settings.Setting(v, "-D" + p);
        }
        return found;
    }

    /** {@code ": did you mean 'budget.scope'?"} for a name one edit from a key's, else nothing. */
    private static String suggestion(String name) {
        for (Key k : Key.values()) {
            if (NearMiss.oneEditApart(name.toLowerCase(Locale.ROOT), k.arg())) {
                return " (did you mean '" + k.arg() + "'?)";
            }
        }
        return "";
    }

    private static String propertySuggestion(String name) {
        for (Key k : Key.values()) {
            if (!k.properties().isEmpty() && NearMiss.oneEditApart(name.toLowerCase(Locale.ROOT), k.arg())) {
                return " (did you mean -D" + PREFIX + "." + k.arg() + "?)";
            }
        }
        return "";
    }

    private static String envSuggestion(String rest) {
        for (Key k : Key.values()) {
            String name = k.env().substring("COSTAGENT_".length());
            if (rest.equals(name) || NearMiss.oneEditApart(rest, name)) {
                return " (did you mean " + k.env() + "?)";
            }
        }
        return "";
    }

    private static String argumentKeys() {
        StringBuilder b = new StringBuilder();
        for (Key k : Key.values()) {
            if (k.allowsArgument()) {
                b.append(b.length() == 0 ? "" : ", ").append(k.arg());
            }
        }
        return b.toString();
    }

    private static String propertyKeys() {
        StringBuilder b = new StringBuilder();
        for (Key k : Key.values()) {
            for (String p : k.properties()) {
                if (p.startsWith(PREFIX + ".")) {
                    b.append(b.length() == 0 ? "" : ", ").append(p);
                }
            }
        }
        return b.toString();
    }

    private static String envKeys() {
        StringBuilder b = new StringBuilder();
        for (Key k : Key.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(k.env());
        }
        return b.toString();
    }
}
