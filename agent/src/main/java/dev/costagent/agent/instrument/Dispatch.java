package dev.costagent.agent.instrument;

import dev.costagent.BudgetExceededException;

/**
 * The static entry that inlined advice calls, since advice code lives inside the host's classes and can only
 * reach the agent through a static. It forwards to the one {@link AdviceHandler} set at install and turns every
 * fault into a report to that handler: nothing but a {@code BudgetExceededException} it returns on purpose can
 * come out of here.
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

    public static Object stageEnter(int site) {
        AdviceHandler h = handler;
        if (h == null) {
            return null;
        }
        try {
            return h.stageEnter(site);
        } catch (Throwable t) {
            h.fault("stage entry of site " + site, t);
            return null;
        }
    }

    public static Throwable stageExit(int site, Object token, Throwable thrown) {
        if (token instanceof BudgetExceededException refused) {
            return refused;
        }
        AdviceHandler h = handler;
        if (h == null || token == null) {
            return thrown;
        }
        try {
            return h.stageExit(site, token, thrown);
        } catch (Throwable t) {
            h.fault("stage exit of site " + site, t);
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
            h.fault("tracked call entry of site " + site, t);
            return null;
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
            h.fault("SDK call entry of site " + site, t);
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
            h.fault("SDK method entry of site " + site, t);
            return arguments;
        }
    }

    public static Object sdkExit(int site, Object token, Object returned, Throwable thrown) {
        AdviceHandler h = handler;
        if (h == null || token == null) {
            return returned;
        }
        try {
            return h.sdkExit(site, token, returned, thrown);
        } catch (Throwable t) {
            h.fault("SDK call exit of site " + site, t);
            return returned;
        }
    }

    public static void callExit(int site, Object token, Object returned, Throwable thrown) {
        AdviceHandler h = handler;
        if (h == null || token == null) {
            return;
        }
        try {
            h.callExit(site, token, returned, thrown);
        } catch (Throwable t) {
            h.fault("tracked call exit of site " + site, t);
        }
    }
}
