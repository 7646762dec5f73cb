package dev.costagent.agent.budget;

/** How a run ended, as {@code cost_report.json} names it. */
public enum RunStatus {
    COMPLETED("completed"),
    BUDGET_EXCEEDED("budget_exceeded"),
    FAILED("failed");

    private final String json;

    RunStatus(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
