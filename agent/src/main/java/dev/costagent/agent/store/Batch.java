package dev.costagent.agent.store;

/**
 * Spend of one run on its way to the store: the picodollars recorded since the previous batch, numbered in order
 * from 1. The store remembers each run's last number added, so a batch sent again (after a timeout, a reconnect,
 * or from a spool file) is not added twice.
 */
public record Batch(long seq, long picos) {
}
