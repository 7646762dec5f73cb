package dev.costagent.agent.store;

/** Opens connections to one store. */
public interface StoreClient {

    /**
     * Connects, authenticates and selects the database, bounded by the store's timeout.
     *
     * @throws StoreException when the store cannot be reached or refuses (credentials, TLS, its reply)
     */
    StoreConnection open() throws StoreException;

    /** The store as messages show it, without its password. */
    String shown();
}
