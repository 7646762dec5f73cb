package dev.costagent.agent.events;

import dev.costagent.agent.log.Faults;
import java.util.Arrays;

/**
 * Hands each event to every {@link RunListener}, in the order they were added. A listener that throws is reported
 * to {@link Faults} (once per listener and event) and the others still hear the event: an integration's fault is
 * never the program's, nor another integration's.
 *
 * <p>With no listener (or none that {@link RunListener#wantsCalls wants calls}) an event costs a field read and a
 * length test: integrations that are switched off cost the program's calls nothing.
 *
 * <p>Thread-safety: listeners are added while the agent installs, before the program runs; the arrays are
 * replaced, never changed, so a dispatching thread always sees a whole one.
 */
public final class RunEvents {

    private static final RunListener[] NONE = new RunListener[0];

    private final Faults faults;
    private volatile RunListener[] all = NONE;
    private volatile RunListener[] callListeners = NONE;

    public RunEvents(Faults faults) {
        this.faults = faults;
    }

    /** Adds a listener; it hears the events that happen from now on. */
    public synchronized void add(RunListener listener) {
        all = append(all, listener);
        if (listener.wantsCalls()) {
            callListeners = append(callListeners, listener);
        }
    }

    private static RunListener[] append(RunListener[] to, RunListener l) {
        RunListener[] out = Arrays.copyOf(to, to.length + 1);
        out[to.length] = l;
        return out;
    }

    /** Whether a call should be turned into a {@link RecordedCall} at all. */
    public boolean wantsCalls() {
        return callListeners.length != 0;
    }

    public void callRecorded(RecordedCall call) {
        for (RunListener l : callListeners) {
            try {
                l.callRecorded(call);
            } catch (Throwable t) {
                fault(l, "a recorded call", t);
            }
        }
    }

    public void stageEntered(String stage) {
        for (RunListener l : all) {
            try {
                l.stageEntered(stage);
            } catch (Throwable t) {
                fault(l, "a stage's entry", t);
            }
        }
    }

    public void stageEnded(StageEnded stage) {
        for (RunListener l : all) {
            try {
                l.stageEnded(stage);
            } catch (Throwable t) {
                fault(l, "a stage's end", t);
            }
        }
    }

    public void warningRaised(String message) {
        for (RunListener l : all) {
            try {
                l.warningRaised(message);
            } catch (Throwable t) {
                fault(l, "a warning", t);
            }
        }
    }

    public void budgetStopped(BudgetStop stop) {
        for (RunListener l : all) {
            try {
                l.budgetStopped(stop);
            } catch (Throwable t) {
                fault(l, "the budget stop", t);
            }
        }
    }

    public void budgetChanged(BudgetChange change) {
        for (RunListener l : all) {
            try {
                l.budgetChanged(change);
            } catch (Throwable t) {
                fault(l, "a budget change", t);
            }
        }
    }

    public void runEnding() {
        for (RunListener l : all) {
            try {
                l.runEnding();
            } catch (Throwable t) {
                fault(l, "the run's ending", t);
            }
        }
    }

    public void runEnded(RunSnapshot run) {
        for (RunListener l : all) {
            try {
                l.runEnded(run);
            } catch (Throwable t) {
                fault(l, "the run's end", t);
            }
        }
    }

    private void fault(RunListener l, String event, Throwable t) {
        faults.report("handing " + event + " to " + l.getClass().getName(), t);
    }
}
