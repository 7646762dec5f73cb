package dev.costagent.agent.usage;

/**
 * Where the usage readers report their own faults: a reflective call that failed, an SDK class that no longer has
 * the accessors it had. A response that simply carries no usable figures is not a fault; the reader returns null.
 * The agent logs each site once and counts every fault; tests collect them and assert there were none.
 * Implementations must not throw and must be safe to call from any thread.
 */
@FunctionalInterface
public interface FaultSink {

    /**
     * @param site  a short, stable name for where the fault happened (one log line per site)
     * @param fault what went wrong
     */
    void fault(String site, Throwable fault);
}
