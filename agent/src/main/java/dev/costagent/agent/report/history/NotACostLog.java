package dev.costagent.agent.report.history;

/** A file that cannot be read as a cost log or archive; the message says why and where, in our words. */
final class NotACostLog extends Exception {

    private static final long serialVersionUID = 1L;

    NotACostLog(String problem) {
        super(problem, null, false, false);
    }
}
