package dev.costagent.agent.config;

/**
 * A configuration value that cannot be right. The message is one line naming the key, the value, where it came
 * from and what was expected; the agent prints it and stops the JVM before {@code main} with status 2.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
