package dev.costagent.agent.report;

/**
 * A part an integration adds to the run's report and log entry, such as a fleet store's {@code scope}: asked for its
 * value each time the run's files are written.
 */
public interface ReportSection {

    /** The report's field name, lower case with underscores ({@code scope}); never one of the report's own. */
    String name();

    /**
     * The section's value now, as a JSON value (see {@link RunSnapshot#sections}), or null to leave it out. Called on
     * the thread that writes the files; must not block.
     */
    Object value();
}
