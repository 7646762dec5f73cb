package dev.costagent.agent.store;

/**
 * The store could not be used: its message says why in a few words, names the store without its password, and is
 * fit for one WARN line ({@code store redis://cache:6379/0 refused the credentials: WRONGPASS ...}).
 */
public final class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Whether the store answered and refused (credentials, a read-only replica, a full memory) rather than not. */
    private final boolean refused;

    public StoreException(String message, boolean refused, Throwable cause) {
        super(message, cause, false, false);
        this.refused = refused;
    }

    public boolean refused() {
        return refused;
    }
}
