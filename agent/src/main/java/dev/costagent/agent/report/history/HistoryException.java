package dev.costagent.agent.report.history;

import java.io.IOException;

/**
 * A history that cannot be read: a folder that is not there, a file that is not a cost log or archive. The message
 * is one line for a person, naming the path and what is wrong ({@code /data/cost_log.json is not a cost log: it is
 * not valid JSON at line 3, column 17 (...)}).
 */
public final class HistoryException extends IOException {

    private static final long serialVersionUID = 1L;

    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
