package dev.costagent.agent.config;

/**
 * A configuration value that cannot be right. The message is one line naming the key, the value, where it came
 * from and what was expected; the agent prints it and stops the JVM before {@code main} with status 2.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message the line to print; control characters a value brought in are shown escaped */
    public ConfigException(String message) {
        super(oneLine(message));
    }

    /**
     * The text with every control character escaped ({@code \n}, {@code \t}, {@code \u0000}...), so that a value
     * holding a line break still makes a one-line message that says exactly what the value was.
     */
    public static String oneLine(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isISOControl(c) && c != '\u2028' && c != '\u2029') {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b == null ? text : b.toString();
    }
}
