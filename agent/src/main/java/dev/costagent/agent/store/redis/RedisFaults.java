package dev.costagent.agent.store.redis;

import dev.costagent.agent.store.StoreException;
import dev.costagent.agent.store.StoreUrl;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * What went wrong with the store, in a few words an operator can act on, naming the store without its password:
 * {@code store redis://cache:6379/0 refused the credentials (WRONGPASS ...)}. Redis's own messages never hold the
 * password; the store is always shown through {@link StoreUrl#shown()}.
 */
final class RedisFaults {

    private RedisFaults() {
    }

    /**
     * @param opening whether the connection was being opened (a TLS port then closes it on a plain client: the
     *                message says to try rediss://); later, a closed connection is only a lost one
     */
    static StoreException describe(StoreUrl url, Exception e, int timeoutMs, boolean opening) {
        String store = "store " + url.shown();
        if (e instanceof JedisAccessControlException) {
            return new StoreException(store + " refused the credentials (" + firstLine(e) + ")", true, e);
        }
        if (e instanceof JedisRedirectionException) {
            return new StoreException(store + " is a Redis Cluster node that does not hold the scope's slot ("
                    + firstLine(e) + "): point costagent.store at a server or proxy that serves every key", true, e);
        }
        if (e instanceof JedisDataException) {
            String m = firstLine(e);
            if (m.startsWith("READONLY")) {
                return new StoreException(store + " is a read-only replica (" + m + "): point costagent.store at "
                        + "the primary", true, e);
            }
            if (m.startsWith("OOM")) {
                return new StoreException(store + " is full (" + m + ")", true, e);
            }
            if (m.startsWith("NOAUTH")) {
                return new StoreException(store + " wants a password (" + m + "): set it in "
                        + "COSTAGENT_STORE_PASSWORD", true, e);
            }
            return new StoreException(store + " refused the request (" + m + ")", true, e);
        }
        Throwable root = rootOf(e);
        if (inChain(e, SSLException.class)) {
            return new StoreException(store + " failed the TLS handshake (" + firstLine(root) + ")"
                    + (url.tls() ? ": is the port a TLS port, and does the JVM trust its certificate "
                    + "(javax.net.ssl.trustStore)?" : ""), true, e);
        }
        if (root instanceof SocketTimeoutException) {
            return new StoreException(store + " did not answer within " + timeoutMs + " ms", false, e);
        }
        if (root instanceof ConnectException) {
            return new StoreException(store + " cannot be reached (" + firstLine(root) + ")", false, e);
        }
        if (root instanceof UnknownHostException) {
            return new StoreException(store + " cannot be reached (unknown host " + url.host() + ")", false, e);
        }
        if (e instanceof JedisConnectionException) {
            String m = firstLine(root);
            // A TLS port answers a plain Redis command by closing the connection.
            String hint = opening && !url.tls() ? ": if it is a TLS port, use rediss://" : "";
            return new StoreException(store + " closed or lost the connection (" + m + ")" + hint, false, e);
        }
        return new StoreException(store + " failed (" + firstLine(e) + ")", false, e);
    }

    /** Whether {@code t}, one of its causes or of the suppressed exceptions Jedis adds is a {@code type}. */
    private static boolean inChain(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 10; depth++) {
            if (type.isInstance(t)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (inChain(s, type)) {
                    return true;
                }
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }

    private static Throwable rootOf(Throwable t) {
        Throwable r = t;
        for (int i = 0; i < 10 && r.getCause() != null && r.getCause() != r; i++) {
            r = r.getCause();
        }
        // Jedis puts the reasons for a failed connect into suppressed exceptions, one per address tried.
        if (r.getSuppressed().length > 0) {
            return rootOf(r.getSuppressed()[0]);
        }
        return r;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }
}
