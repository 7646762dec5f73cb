package dev.costagent.agent.store.redis;

import dev.costagent.agent.store.Batch;
import dev.costagent.agent.store.LedgerEntries;
import dev.costagent.agent.store.ScopeKeys;
import dev.costagent.agent.store.StoreConnection;
import dev.costagent.agent.store.StoreException;
import dev.costagent.agent.store.StoreUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One Jedis connection to the store, and the one script every push runs: the batches and the ledger entry go in and
 * the scope's total comes out, atomically, in one round trip (see {@link #PUSH}).
 *
 * <p>Not thread-safe; its owner uses it under a lock.
 */
final class RedisStoreConnection implements StoreConnection {

    /**
     * KEYS: total, runs, ended, ledger (see ScopeKeys). ARGV: run id, ledger entry ('' for none), then each batch's
     * sequence number and picodollars.
     *
     * <p>Every key is read before the first write, so that a key of the wrong type fails the script before it has
     * changed anything; a script refused for memory (OOM) or on a replica (READONLY) is refused at its first write,
     * so it too changes nothing. The picodollars go to INCRBY as the strings they came as and the total comes back
     * from GET as a string: Lua's numbers are doubles, exact only up to 2^53 picodollars ($9,007).
     */
    static final String PUSH = String.join("\n",
            "local total = redis.call('GET', KEYS[1])",
            "local last = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')",
            "local ended = redis.call('SISMEMBER', KEYS[3], ARGV[1])",
            "redis.call('XLEN', KEYS[4])",
            "local applied = last",
            "for i = 3, #ARGV, 2 do",
            "  local seq = tonumber(ARGV[i])",
            "  if seq > applied then",
            "    redis.call('INCRBY', KEYS[1], ARGV[i + 1])",
            "    applied = seq",
            "  end",
            "end",
            "if applied > last then",
            "  redis.call('HSET', KEYS[2], ARGV[1], applied)",
            "end",
            "if ARGV[2] ~= '' and ended == 0 then",
            "  redis.call('SADD', KEYS[3], ARGV[1])",
            "  redis.call('XADD', KEYS[4], '*', 'run', ARGV[2])",
            "end",
            "return redis.call('GET', KEYS[1]) or '0'");

    private static final int LEDGER_PAGE = 200;

    private final StoreUrl url;
    private final Connection connection;
    private String sha;

    RedisStoreConnection(StoreUrl url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    /** Loads the script once per connection, so that each push sends its digest rather than its text. */
    void loadScript() throws StoreException {
        try {
            sha = text(connection.executeCommand(new CommandArguments(Protocol.Command.SCRIPT).add("LOAD").add(PUSH)));
        } catch (JedisException | IllegalArgumentException e) {
            throw RedisFaults.describe(url, e, connection.getSoTimeout(), true);
        }
    }

    @Override
    public long push(ScopeKeys keys, String runId, List<Batch> batches, byte[] entry, Duration timeout)
            throws StoreException {
        int ms = millis(timeout);
        Object reply;
        try {
            reply = call(script(Protocol.Command.EVALSHA, sha, keys, runId, batches, entry), ms);
        } catch (StoreException e) {
            if (!(e.getCause() instanceof JedisNoScriptException)) {
                throw e;
            }
            // The server lost its script cache (a restart behind a proxy, SCRIPT FLUSH): the text, this once.
            reply = call(script(Protocol.Command.EVAL, PUSH, keys, runId, batches, entry), ms);
        }
        String total = text(reply);
        try {
            return Long.parseLong(total);
        } catch (NumberFormatException e) {
            throw new StoreException("store " + url.shown() + " holds a total that is not a whole number of "
                    + "picodollars at " + keys.total() + ": '" + total + "'", true, e);
        }
    }

    private static CommandArguments script(Protocol.Command command, String script, ScopeKeys keys, String runId,
                                           List<Batch> batches, byte[] entry) {
        CommandArguments args = new CommandArguments(command).add(script).add(4);
        for (String k : keys.all()) {
            args.add(k);
        }
        args.add(runId).add(entry == null ? new byte[0] : entry);
        for (Batch b : batches) {
            args.add(b.seq()).add(b.picos());
        }
        return args;
    }

    /**
     * Reads the scope's ledger, oldest first, a page at a time ({@code XRANGE ... COUNT}), handing each entry's JSON
     * to {@code into}.
     */
    @Override
    public void readLedger(ScopeKeys keys, LedgerEntries into) throws StoreException, IOException {
        String start = "-";
        while (true) {
            Object reply = call(new CommandArguments(Protocol.Command.XRANGE).add(keys.ledger()).add(start).add("+")
                    .add("COUNT").add(LEDGER_PAGE), connection.getSoTimeout());
            if (!(reply instanceof List<?> page)) {
                throw new StoreException("store " + url.shown() + " holds no stream at " + keys.ledger(), true, null);
            }
            String last = null;
            for (Object e : page) {
                List<?> entry = (List<?>) e;
                last = text(entry.get(0));
                List<?> fields = (List<?>) entry.get(1);
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    if (text(fields.get(i)).equals("run")) {
                        into.entry(last, (byte[]) fields.get(i + 1));
                    }
                }
            }
            if (page.size() < LEDGER_PAGE) {
                return;
            }
            start = next(last);
        }
    }

    /** The stream id just after {@code id} ({@code ms-seq}): XRANGE's exclusive start, without Redis 6.2's '('. */
    static String next(String id) {
        int dash = id.indexOf('-');
        return id.substring(0, dash + 1) + Long.toUnsignedString(Long.parseUnsignedLong(id.substring(dash + 1)) + 1);
    }

    private Object call(CommandArguments args, int timeoutMs) throws StoreException {
        try {
            if (connection.getSoTimeout() != timeoutMs) {
                connection.setSoTimeout(timeoutMs);
            }
            return connection.executeCommand(args);
        } catch (JedisException | IllegalArgumentException e) {
            throw RedisFaults.describe(url, e, timeoutMs, false);
        }
    }

    private static int millis(Duration d) {
        // 0 would mean "wait forever" to a socket.
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (RuntimeException e) {
            // Closing a broken connection may fail again; it is dropped either way.
        }
    }
}
