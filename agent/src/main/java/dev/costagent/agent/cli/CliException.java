package dev.costagent.agent.cli;

/**
 * Bad input to a command: a missing folder, a file that is not a cost log, an unknown run id, a malformed price
 * file. The command line prints its message as one line and exits with status 2, without a stack trace.
 */
final class CliException extends Exception {

    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
