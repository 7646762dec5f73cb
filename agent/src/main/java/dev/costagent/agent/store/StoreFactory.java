package dev.costagent.agent.store;

import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.integration.IntegrationFactory;
import dev.costagent.agent.store.redis.RedisStoreClient;

/**
 * Switches the fleet store on when {@code costagent.store} is set. Parses and checks the store's settings (a bad URL,
 * a scope without a store: exit 2 before {@code main}); the Redis client's classes load only past that point, when
 * a store is configured.
 */
public final class StoreFactory implements IntegrationFactory {

    @Override
    public Integration create(IntegrationContext context) throws ConfigException {
        StoreSettings settings = StoreSettings.parse(context.config().settings());
        if (settings == null) {
            return null;
        }
        return FleetStore.start(context, settings, new RedisStoreClient(settings.url(), settings.timeout()));
    }
}
