package dev.costagent.agent.store.redis;

import dev.costagent.agent.store.StoreClient;
import dev.costagent.agent.store.StoreConnection;
import dev.costagent.agent.store.StoreException;
import dev.costagent.agent.store.StoreUrl;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Opens Jedis connections to the store a {@link StoreUrl} names: one plain connection each (no pool: one thread at
 * a time uses it, see {@code StoreLink}), TLS with host name verification for {@code rediss://}, the JVM's trust
 * store ({@code javax.net.ssl.trustStore}).
 */
public final class RedisStoreClient implements StoreClient {

    private final StoreUrl url;
    private final int timeoutMs;
    /** Made on the first connect, on the thread that connects: Jedis's classes load there, not in premain. */
    private JedisClientConfig config;

    public RedisStoreClient(StoreUrl url, Duration timeout) {
        this.url = url;
        this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    private synchronized JedisClientConfig config() {
        if (config != null) {
            return config;
        }
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .database(url.db())
                .clientName("cost-agent")
                // No CLIENT SETINFO: it reads Jedis's version from a resource, which the bootstrap class loader the
                // agent runs in cannot give it; and no HELLO, so that any Redis from 5 on will do.
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .autoNegotiateProtocol(false);
        if (url.user() != null) {
            b.user(url.user());
        }
        if (url.password() != null) {
            b.password(url.password());
        }
        if (url.tls()) {
            SSLParameters verifyHost = new SSLParameters();
            verifyHost.setEndpointIdentificationAlgorithm("HTTPS");
            b.ssl(true).sslParameters(verifyHost);
        }
        config = b.build();
        return config;
    }

    @Override
    public StoreConnection open() throws StoreException {
        Connection c;
        try {
            // Connects, authenticates and selects the database here.
            c = new Connection(new HostAndPort(url.host(), url.port()), config());
        } catch (JedisException | IllegalArgumentException e) {
            throw RedisFaults.describe(url, e, timeoutMs, true);
        }
        RedisStoreConnection opened = new RedisStoreConnection(url, c);
        try {
            opened.loadScript();
        } catch (StoreException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    @Override
    public String shown() {
        return url.shown();
    }
}
