package dev.costagent.agent.integration;

import dev.costagent.agent.events.RunListener;

/**
 * A part of the agent that is switched on by its settings and plugs into the run through the event interface: the
 * fleet store, the Prometheus and OTLP exports, JMX. The core names none of them; the composition root lists their
 * {@link IntegrationFactory factories}.
 *
 * <p>Its listener methods run on the program's threads (see {@link RunListener}): anything slow happens on the
 * integration's own threads. {@link #close} stops them at the very end of the run, after the files are written.
 */
public interface Integration extends RunListener {

    /** What it is, for log lines: {@code Prometheus endpoint on 0.0.0.0:9464}; never a secret. */
    String name();

    /** Stops its threads and releases what it holds; bounded, never throws. Called once, on the shutdown thread. */
    default void close() {
    }
}
