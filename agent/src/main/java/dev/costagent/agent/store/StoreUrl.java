package dev.costagent.agent.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where the store is: {@code redis://[user:password@]host[:port][/db]}, or {@code rediss://} for TLS. The user part
 * reads as {@code redis-cli} reads it: {@code user:password}, {@code :password}, or a password alone; its characters
 * may be percent-encoded. An empty password ({@code redis://app:@host}) leaves the password to
 * {@code COSTAGENT_STORE_PASSWORD}.
 *
 * <p>{@link #toString()} and {@link #shown()} never include the password.
 *
 * @param tls      {@code rediss://}
 * @param user     the ACL user, or null for the default user
 * @param password the password, or null for none
 * @param db       the database number ({@code SELECT}), 0 by default
 */
public record StoreUrl(boolean tls, String user, String password, String host, int port, int db) {

    public static final int DEFAULT_PORT = 6379;

    /** Why a URL cannot be read: the expectation, for {@code Settings.invalid}. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String expected) {
            super(expected, null, false, false);
        }
    }

    /** Reads a store URL; the exception's message says what was expected, never the password. */
    public static StoreUrl parse(String url) throws Malformed {
        int sep = url.indexOf("://");
        if (sep < 0) {
            throw new Malformed("a URL redis://host:port[/db] or rediss://host:port[/db] (TLS)");
        }
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new Malformed("the scheme redis:// or rediss:// (TLS), not " + scheme + "://");
        }
        String rest = url.substring(sep + 3);
        String user = null;
        String password = null;
        // The user part ends at the last '@': a password may hold '@' or '/' unencoded.
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            String u = colon < 0 ? "" : info.substring(0, colon);
            String p = colon < 0 ? info : info.substring(colon + 1);
            user = u.isEmpty() ? null : decode(u, "the user name");
            password = p.isEmpty() ? null : decode(p, "the password");
        }
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new Malformed("no query or fragment after the host (the database goes in the path: /0)");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        int db = slash < 0 ? 0 : db(rest.substring(slash + 1));
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new Malformed("an IPv6 host in brackets, such as [::1]:6379");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new Malformed("a port after the host's ':', such as [::1]:6379");
                }
                port = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new Malformed("a host name or address after " + scheme + "://");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == '/' || c == '\\' || c == '@' || c == '%') {
                throw new Malformed("a host name or address without spaces or '" + c + "'");
            }
        }
        return new StoreUrl(scheme.equals("rediss"), user, password, host, port == null ? DEFAULT_PORT : port(port),
                db);
    }

    private static int port(String p) throws Malformed {
        int n = whole(p, 65_535);
        if (n < 1) {
            throw new Malformed("a port from 1 to 65535");
        }
        return n;
    }

    private static int db(String d) throws Malformed {
        if (d.isEmpty()) {
            return 0;
        }
        int n = whole(d, Integer.MAX_VALUE);
        if (n < 0) {
            throw new Malformed("a database number (0, 1, ...) after the host's '/'");
        }
        return n;
    }

    /** The whole number {@code s} if it is one from 0 to {@code max}, else -1. */
    private static int whole(String s, int max) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n > max ? -1 : (int) n;
    }

    /** Percent-decoding, as in a URL's user part ({@code +} stays a plus sign). */
    private static String decode(String s, String what) throws Malformed {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                throw new Malformed(what + " percent-encoded as %XX (two hexadecimal digits)");
            }
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The same store with the password given elsewhere (COSTAGENT_STORE_PASSWORD). */
    public StoreUrl withPassword(String p) {
        return new StoreUrl(tls, user, p, host, port, db);
    }

    /** The URL as reports and messages show it: {@code rediss://app@host:6380/2}, never with a password. */
    public String shown() {
        return (tls ? "rediss://" : "redis://") + (user == null ? "" : user + "@") + endpoint();
    }

    /**
     * Which server and database this is, whatever the credentials: {@code host:port/db}. Two URLs with the same
     * endpoint are the same store, so that a spool written under one is pushed by a run that uses the other.
     */
    public String endpoint() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h.toLowerCase(Locale.ROOT) + ":" + port + "/" + db;
    }

    @Override
    public String toString() {
        return shown();
    }
}
