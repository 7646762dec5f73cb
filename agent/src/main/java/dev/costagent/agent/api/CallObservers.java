package dev.costagent.agent.api;

import java.util.Arrays;

/**
 * Where code outside the agent's jar hears of each priced call, on the program's thread, while the call's own code is
 * still on the stack: the cost-agent extension of the OpenTelemetry Java agent registers here to put the cost on the
 * span that encloses the call. A class of the agent's jar, which is on the bootstrap class path, so that any class
 * loader (the OpenTelemetry agent's extension loader among them) sees this one class.
 *
 * <p>Observers are heard only when the agent's span-cost integration is on (see
 * {@code dev.costagent.agent.export.spans}); an observer may register before or after the agent starts.
 *
 * <p>Thread-safety: safe; the array is replaced, never changed.
 */
public final class CallObservers {

    /** Hears each priced call. Runs inside the program's call: it must be quick and must not throw. */
    public interface Observer {

        /**
         * @param stage     the stage the call is attributed to ({@code unstaged} outside every stage)
         * @param model     the model it was priced as
         * @param provider  {@code openai}, {@code anthropic}, ...
         * @param operation the operation's name
         * @param picos     its cost in picodollars (zero for a model the catalog does not know)
         * @param priced    whether the catalog knew the model
         */
        void callRecorded(String stage, String model, String provider, String operation, long picos, boolean priced);
    }

    private static final Observer[] NONE = new Observer[0];
    private static volatile Observer[] observers = NONE;

    private CallObservers() {
    }

    public static synchronized void register(Observer o) {
        Observer[] next = Arrays.copyOf(observers, observers.length + 1);
        next[observers.length] = o;
        observers = next;
    }

    /** The observers registered so far; do not change the array. */
    public static Observer[] all() {
        return observers;
    }
}
