package dev.costagent.agent.runtime;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.calls.CallTracker;
import dev.costagent.agent.instrument.AdviceHandler;
import dev.costagent.agent.instrument.Site;
import dev.costagent.agent.instrument.SiteRegistry;
import dev.costagent.agent.ledger.CostRecorder;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.stage.StageEntry;
import dev.costagent.agent.stage.StageFrame;

/**
 * Where woven advice lands ({@code Dispatch} forwards to it): finds each callback's site and hands the callback to
 * the room it belongs to. Stage boundaries go to the budget ({@link BudgetGuard}, which keeps the stage stack and
 * decides a stop); tracked and SDK calls to the calls room ({@link CallTracker}), which hands a hook's
 * SDK-specific part to that SDK's module.
 *
 * <p>Thread-safety: safe; it holds no state of its own.
 */
public final class AdviceRouter implements AdviceHandler {

    private final SiteRegistry sites;
    private final BudgetGuard guard;
    private final CostRecorder recorder;
    private final CallTracker calls;
    private final Faults faults;

    /**
     * @param recorder told at each stage's end, to warn when the run's cost passed its warning threshold
     */
    public AdviceRouter(SiteRegistry sites, BudgetGuard guard, CostRecorder recorder, CallTracker calls,
                        Faults faults) {
        this.sites = sites;
        this.guard = guard;
        this.recorder = recorder;
        this.calls = calls;
        this.faults = faults;
    }

    @Override
    public StageEntry stageEnter(int site) {
        Site s = sites.get(site);
        return guard.enter(s == null ? "stage#" + site : s.name());
    }

    @Override
    public Throwable stageExit(int site, StageFrame frame, Throwable thrown) {
        BudgetExceededException stop = guard.exit(frame, thrown);
        recorder.checkRunWarning();
        return stop != null ? stop : thrown;
    }

    @Override
    public Object callEnter(int site) {
        return calls.enter(sites.get(site));
    }

    @Override
    public void callExit(int site, Object token, Object returned, Throwable thrown) {
        calls.exit(token, returned, thrown);
    }

    @Override
    public Object sdkEnter(int site, Object self, Object[] arguments) {
        return calls.enter(sites.get(site), self, arguments);
    }

    @Override
    public Object[] sdkEntry(int site, Object self, Object[] arguments) {
        return calls.entry(sites.get(site), self, arguments);
    }

    @Override
    public Object sdkExit(int site, Object token, Object returned, Throwable thrown) {
        return calls.exit(token, returned, thrown);
    }

    @Override
    public void fault(String where, Throwable t) {
        faults.report(where, t);
    }
}
