package dev.costagent.agent.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * The validated settings of one run (SPEC section 3).
 *
 * @param budgetUsd        the budget, or null for no limit
 * @param catalogFile      the catalog to read, or null for the one bundled in the agent jar
 * @param outDir           where {@code cost_report.json} and {@code cost_log.json} go
 * @param workflow         the workflow name, or null to use the main class's simple name
 * @param warnOperationUsd a single call costing more than this is warned about
 * @param warnRunUsd       the run total first crossing this is warned about
 * @param stages           extra methods to treat as {@code @PipelineStage}
 * @param calls            extra methods to treat as {@code @TrackedCall}
 * @param sdks             whether the SDK client hooks are installed
 * @param logLevel         one of {@code trace debug info warn error off}
 * @param summary          whether the run's summary table is printed on standard error at its end
 * @param logKeep          how many runs {@code cost_log.json} keeps; older ones are archived beside it
 * @param settings         every setting as given, for the integrations to parse their own
 */
public record AgentConfig(BigDecimal budgetUsd, Path catalogFile, Path outDir, String workflow,
                          BigDecimal warnOperationUsd, BigDecimal warnRunUsd, List<MethodPattern> stages,
                          List<MethodPattern> calls, boolean sdks, String logLevel, boolean summary, int logKeep,
                          Settings settings) {

    public AgentConfig {
        stages = List.copyOf(stages);
        calls = List.copyOf(calls);
    }
}
