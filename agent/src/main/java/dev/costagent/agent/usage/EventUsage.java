package dev.costagent.agent.usage;

import dev.costagent.agent.value.ResponseUsage;

/**
 * The usage of one stream accumulated from events of an SDK's own event class ({@link ShapeReader#newEventUsage}).
 *
 * <p>Thread-safety: used by one stream, under its {@link StreamUsage}'s lock.
 */
public interface EventUsage {

    /**
     * Takes one event into account.
     *
     * @return the SDK object holding the usage figures the event carried, or null
     * @throws ReflectiveOperationException an event of a shape not known: it contributes nothing
     */
    Object observe(Object event) throws ReflectiveOperationException;

    /** The stream's usage so far, or null when no event carried any. */
    ResponseUsage result();
}
