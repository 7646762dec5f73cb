package dev.costagent.agent.report.text;

import dev.costagent.agent.events.RunListener;
import dev.costagent.agent.events.RunSnapshot;
import org.slf4j.Logger;

/**
 * Prints the run's summary on standard error when it ends: the stages with their calls, tokens and cost, in the
 * layout of the CLI's {@code report}, and the budget used and remaining. Heard after the report writer, so it
 * follows the line naming the report's file. {@code costagent.summary=false} leaves it out; it goes through the
 * agent's log at INFO, so {@code costagent.log=warn} quiets it too.
 */
public final class ExitSummary implements RunListener {

    private final Logger log;

    public ExitSummary(Logger log) {
        this.log = log;
    }

    @Override
    public void runEnded(RunSnapshot run) {
        if (!log.isInfoEnabled()) {
            return;
        }
        for (String line : RunSummary.lines(run.stages(), run.totals(), run.budgetUsd())) {
            log.info(line);
        }
    }
}
