package dev.costagent.agent.instrument;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.stage.StageEntry;
import dev.costagent.agent.stage.StageFrame;

/**
 * The static entry that woven code calls (see {@link AdviceWeaver}), since that code lives inside the host's
 * classes and can only reach the agent through a static. It forwards to the one {@link AdviceHandler} set at
 * install and turns every fault into a report to that handler: nothing but a {@code BudgetExceededException} the
 * handler gives on purpose (at a stage's entry or exit) can come out of here.
 *
 * <p>Thread-safety: the handler is a volatile field set once at install (tests set and clear it).
 */
public final class Dispatch {

    private static volatile AdviceHandler handler;

    private Dispatch() {
    }

    public static void install(AdviceHandler h) {
        handler = h;
    }

    /** A stage is entered; throws the {@code BudgetExceededException} that refuses it, if the handler refuses it. */
    public static Object stageEnter(int site) {
        AdviceHandler h = handler;
        if (h == null) {
            return null;
        }
        StageEntry entry;
        try {
            entry = h.stageEnter(site);
        } catch (Throwable t) {
            fault(h, "stage entry of site ", site, t);
            return null;
        }
        BudgetExceededException refused = entry == null ? null : entry.refusal();
        if (refused != null) {
            throw refused;
        }
        return entry;
    }

    /** A stage returns normally; throws the {@code BudgetExceededException} the handler gives instead, if any. */
    public static void stageReturn(int site, Object token) {
        Throwable instead = stageExit(site, token, null);
        if (instead instanceof BudgetExceededException refused) {
            throw refused;
        }
    }

    /** A stage ends by throwing {@code thrown}; returns what it throws instead (never null). */
    public static Throwable stageThrow(Throwable thrown, int site, Object token) {
        Throwable instead = stageExit(site, token, thrown);
        return instead == null ? thrown : instead;
    }

    static Throwable stageExit(int site, Object token, Throwable thrown) {
        AdviceHandler h = handler;
        // The token is what stageEnter returned, kept by the woven code in a local of type Object.
        if (h == null || !(token instanceof StageFrame frame)) {
            return thrown;
        }
        try {
            return h.stageExit(site, frame, thrown);
        } catch (Throwable t) {
            fault(h, "stage exit of site ", site, t);
            return thrown;
        }
    }

    public static Object callEnter(int site) {
        AdviceHandler h = handler;
        if (h == null) {
            return null;
        }
        try {
            return h.callEnter(site);
        } catch (Throwable t) {
            fault(h, "tracked call entry of site ", site, t);
            return null;
        }
    }

    /** A tracked call returns {@code returned} (boxed; null for void). */
    public static void callReturn(Object returned, int site, Object token) {
        callExit(site, token, returned, null);
    }

    /** A tracked call throws {@code thrown}; returns it, to be thrown on. */
    public static Throwable callThrow(Throwable thrown, int site, Object token) {
        callExit(site, token, null, thrown);
        return thrown;
    }

    static void callExit(int site, Object token, Object returned, Throwable thrown) {
        AdviceHandler h = handler;
        if (h == null || token == null) {
            return;
        }
        try {
            h.callExit(site, token, returned, thrown);
        } catch (Throwable t) {
            fault(h, "tracked call exit of site ", site, t);
        }
    }

    public static Object sdkEnter(int site, Object self, Object[] arguments) {
        AdviceHandler h = handler;
        if (h == null) {
            return null;
        }
        try {
            return h.sdkEnter(site, self, arguments);
        } catch (Throwable t) {
            fault(h, "SDK call entry of site ", site, t);
            return null;
        }
    }

    /** Returns the arguments the method runs with: {@code arguments} itself unless the handler replaced some. */
    public static Object[] sdkEntry(int site, Object self, Object[] arguments) {
        AdviceHandler h = handler;
        if (h == null) {
            return arguments;
        }
        try {
            Object[] replaced = h.sdkEntry(site, self, arguments);
            return replaced != null && replaced.length == arguments.length ? replaced : arguments;
        } catch (Throwable t) {
            fault(h, "SDK method entry of site ", site, t);
            return arguments;
        }
    }

    /** A hooked SDK method returns {@code returned}; returns what it returns instead (the same, or a view of it). */
    public static Object sdkReturn(Object returned, int site, Object token) {
        return sdkExit(site, token, returned, null);
    }

    /** A hooked SDK method throws {@code thrown}; returns it, to be thrown on. */
    public static Throwable sdkThrow(Throwable thrown, int site, Object token) {
        sdkExit(site, token, null, thrown);
        return thrown;
    }

    static Object sdkExit(int site, Object token, Object returned, Throwable thrown) {
        AdviceHandler h = handler;
        if (h == null || token == null) {
            return returned;
        }
        try {
            return h.sdkExit(site, token, returned, thrown);
        } catch (Throwable t) {
            fault(h, "SDK call exit of site ", site, t);
            return returned;
        }
    }

    /** Reports a fault to the handler; a handler that fails at that too is ignored, never the program's problem. */
    private static void fault(AdviceHandler h, String where, int site, Throwable t) {
        try {
            h.fault(where + site, t);
        } catch (Throwable ignored) {
            // Nothing is left to tell: the agent's own reporting is broken, and the program must not notice.
        }
    }
}
