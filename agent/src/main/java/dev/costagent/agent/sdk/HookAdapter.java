package dev.costagent.agent.sdk;

import dev.costagent.agent.calls.Attribution;
import dev.costagent.agent.instrument.Site;

/**
 * A module's part of a hook's advice, for the hooks that do more than return a response: the one method its
 * {@link Hook.Kind} names is called; the others keep their defaults. Runs on the program's thread, inside the
 * hooked method: faults are caught by the caller ({@code Dispatch}) and reported, and the program's value goes on.
 *
 * <p>Implementations are small named classes, not lambdas: they are made when the module loads, at start-up, and a
 * lambda's first use spins a class.
 */
public interface HookAdapter {

    /**
     * {@link Hook.Kind#STREAM}: a view of the stream {@code returned} (never null) that shows each event to an
     * observer and records the call under {@code who} when it ends; {@code returned} itself when it is no stream
     * this adapter knows.
     */
    default Object observe(SdkCalls calls, Attribution who, Object returned) {
        return returned;
    }

    /**
     * {@link Hook.Kind#VIEW}: what the method returns instead of {@code returned} (may be null), called on
     * {@code self}: {@code returned} itself, or an observing view of the same type.
     */
    default Object view(SdkCalls calls, Object self, Object returned) {
        return returned;
    }

    /**
     * {@link Hook.Kind#ENTRY}: the method is entered with {@code arguments}; returns the arguments it runs with:
     * {@code arguments} itself, or a copy with some replaced by observing views of the same type.
     */
    default Object[] enter(SdkCalls calls, Site site, Object self, Object[] arguments) {
        return arguments;
    }
}
