package dev.costagent.agent.instrument;

import dev.costagent.agent.sdk.Hook;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the instrumented methods.
 *
 * <p>Thread-safety: registration is synchronized (class loading is rare); lookups read a volatile array and take
 * no lock. A site is published before the bytes that refer to it are returned to the JVM, so advice never sees
 * an id it cannot find.
 */
public final class SiteRegistry {

    private volatile Site[] sites = new Site[64];
    private int size;
    private final Map<String, Site> byKey = new HashMap<>();

    /**
     * The site for a method, registered on first sight. The same method transformed again (retransformation,
     * or enter and exit advice resolving separately) keeps its number.
     *
     * @param hook the SDK hook of an SDK site; null for a stage or a tracked call
     */
    public synchronized Site register(Site.Kind kind, String name, String modelHint, String method, String key,
                                      Hook hook) {
        Site known = byKey.get(kind + " " + key);
        if (known != null) {
            return known;
        }
        Site[] s = sites;
        if (size == s.length) {
            s = Arrays.copyOf(s, s.length * 2);
        }
        Site site = new Site(size, kind, name, modelHint, method, hook);
        s[size++] = site;
        sites = s;
        byKey.put(kind + " " + key, site);
        return site;
    }

    /** The site with this id, or null for an id this registry never gave. */
    public Site get(int id) {
        Site[] s = sites;
        return id >= 0 && id < s.length ? s[id] : null;
    }
}
