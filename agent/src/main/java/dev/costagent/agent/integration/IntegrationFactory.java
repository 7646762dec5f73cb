package dev.costagent.agent.integration;

import dev.costagent.agent.config.ConfigException;

/**
 * Makes an integration when its settings ask for it. A factory is a small class that names none of its library's
 * classes: it reads its settings and, only when they switch it on, makes the integration, whose classes (and the
 * libraries they use) are then loaded for the first time. So an integration that is off costs nothing.
 */
public interface IntegrationFactory {

    /**
     * Parses and checks the integration's settings, and makes it when they switch it on. Called while the agent
     * installs, before {@code main}.
     *
     * @return the integration, or null when its settings leave it off
     * @throws ConfigException for a setting that cannot be right (or a store that is required and cannot be
     *                         reached): the JVM stops before {@code main} with exit status 2 and the message's line
     */
    Integration create(IntegrationContext context) throws ConfigException;
}
