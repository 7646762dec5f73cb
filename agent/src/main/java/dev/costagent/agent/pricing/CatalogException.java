package dev.costagent.agent.pricing;

import dev.costagent.agent.config.ConfigException;

/**
 * A catalog that cannot be used; the message is one line naming the file, the line and column, and the entry.
 * Control characters a value of the file brought in are shown escaped.
 */
public final class CatalogException extends Exception {

    private static final long serialVersionUID = 1L;

    public CatalogException(String message) {
        super(ConfigException.oneLine(message));
    }

    public CatalogException(String message, Throwable cause) {
        super(ConfigException.oneLine(message), cause);
    }
}
