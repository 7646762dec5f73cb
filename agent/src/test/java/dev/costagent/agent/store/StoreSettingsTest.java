package dev.costagent.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.ConfigLoader;
import dev.costagent.agent.config.Key;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's settings: URLs read as redis-cli reads them, every bad one refused in one line without its password. */
class StoreSettingsTest {

    @TempDir
    Path dir;

    private StoreSettings parse(Map<String, String> properties, Map<String, String> env) throws ConfigException {
        return StoreSettings.parse(ConfigLoader.load(null, properties, env, dir).settings());
    }

    private StoreSettings store(String url) throws ConfigException {
        return parse(Map.of("costagent.store", url), Map.of());
    }

    private String refused(String url) {
        return assertThrows(ConfigException.class, () -> store(url), url).getMessage();
    }

    @Test
    void noStoreIsNoIntegration() throws ConfigException {
        assertNull(parse(Map.of(), Map.of()));
        assertNull(parse(Map.of("costagent.store.timeout", "5s"), Map.of()));
    }

    @Test
    void urlsReadAsRedisCliReadsThem() throws ConfigException {
        StoreUrl plain = store("redis://cache.internal").url();
        assertEquals(new StoreUrl(false, null, null, "cache.internal", 6379, 0), plain);
        assertEquals("redis://cache.internal:6379/0", plain.shown());

        StoreUrl full = store("rediss://app:s3cr%40t@10.0.0.5:6380/3").url();
        assertEquals(new StoreUrl(true, "app", "s3cr@t", "10.0.0.5", 6380, 3), full);
        assertEquals("rediss://app@10.0.0.5:6380/3", full.shown());
        assertEquals("rediss://app@10.0.0.5:6380/3", full.toString());

        // A password alone, as redis-cli reads a user part without a colon; '/' and '@' unencoded are kept whole.
        assertEquals("p/w@x", store("redis://p/w@x@localhost:7000").url().password());
        assertNull(store("redis://p/w@x@localhost:7000").url().user());
        assertEquals("pw", store("redis://:pw@localhost").url().password());
        assertEquals("::1", store("redis://[::1]:6390/1").url().host());
        assertEquals("[::1]:6390/1", store("redis://[::1]:6390/1").url().endpoint());
        assertEquals("cache:6379/0", store("REDIS://Cache:6379/").url().endpoint());
    }

    @Test
    void badUrlsAreRefusedInOneLineNamingTheKey() {
        assertTrue(refused("http://cache:6379").contains("expected the scheme redis:// or rediss:// (TLS), not "
                + "http://"), refused("http://cache:6379"));
        assertTrue(refused("cache:6379").contains("expected a URL redis://"), refused("cache:6379"));
        assertTrue(refused("redis://:6379").contains("expected a host name"), refused("redis://:6379"));
        assertTrue(refused("redis://").contains("expected a host name"));
        for (String port : new String[] {"0", "65536", "-1", "x", "99999999999"}) {
            assertTrue(refused("redis://cache:" + port).contains("expected a port from 1 to 65535"), port);
        }
        for (String db : new String[] {"x", "-1", "1.5", "99999999999"}) {
            assertTrue(refused("redis://cache:6379/" + db).contains("expected a database number"), db);
        }
        assertTrue(refused("redis://cache:6379/0?ssl=true").contains("no query"));
        assertTrue(refused("redis://ca che:6379").contains("without spaces"));
        assertTrue(refused("redis://:p%zz@cache").contains("percent-encoded"));
        String line = refused("ftp://app:hunter2@cache:6379");
        assertTrue(line.startsWith("cost-agent: invalid configuration: store='ftp://app:***@cache:6379' (from "
                + "-Dcostagent.store)"), line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void noRefusalShowsThePassword() {
        for (String url : new String[] {"http://app:hunter2@cache", "redis://hunter2@:6379", "redis://:hun/ter2@c:0",
            "redis://app:hun@ter2@cache:6379/x", "redis://hunter2@cache:1/-1"}) {
            String line = refused(url);
            assertFalse(line.contains("hunter2") || line.contains("hun/ter2") || line.contains("ter2"), line);
        }
    }

    @Test
    void thePasswordComesFromTheEnvironmentOnceOnly() throws ConfigException {
        StoreSettings s = parse(Map.of("costagent.store", "redis://app:@cache"),
                Map.of("COSTAGENT_STORE_PASSWORD", "s3cret"));
        assertEquals("app", s.url().user());
        assertEquals("s3cret", s.url().password());
        assertFalse(s.toString().contains("s3cret"));

        ConfigException twice = assertThrows(ConfigException.class, () -> parse(
                Map.of("costagent.store", "redis://:other@cache"), Map.of("COSTAGENT_STORE_PASSWORD", "s3cret")));
        assertTrue(twice.getMessage().contains("the password once"), twice.getMessage());
        assertFalse(twice.getMessage().contains("s3cret") || twice.getMessage().contains("other"));
    }

    @Test
    void scopeRequiredAndTimeout() throws ConfigException {
        Map<String, String> env = new HashMap<>();
        env.put("COSTAGENT_STORE", "redis://cache");
        env.put("COSTAGENT_BUDGET_SCOPE", "nightly-2026-12-06");
        StoreSettings s = parse(Map.of("costagent.store.required", "TRUE", "costagent.store.timeout", "500ms"), env);
        assertEquals("nightly-2026-12-06", s.scope());
        assertTrue(s.shared());
        assertTrue(s.required());
        assertEquals(Duration.ofMillis(500), s.timeout());
        assertEquals(StoreSettings.DEFAULT_TIMEOUT, store("redis://cache").timeout());
        assertFalse(store("redis://cache").shared());
    }

    @Test
    void aScopeOrARequiredStoreWithoutAStoreIsRefused() {
        ConfigException scope = assertThrows(ConfigException.class,
                () -> parse(Map.of("costagent.budget.scope", "nightly"), Map.of()));
        assertTrue(scope.getMessage().contains("budget.scope='nightly'") && scope.getMessage().contains("no store"),
                scope.getMessage());
        ConfigException required = assertThrows(ConfigException.class,
                () -> parse(Map.of("costagent.store.required", "true"), Map.of()));
        assertTrue(required.getMessage().contains("store.required='true'"), required.getMessage());
    }

    @Test
    void badScopesAndTimeoutsAreRefused() {
        for (String scope : new String[] {"", " ", "a b", "a{b}", "x".repeat(201)}) {
            assertThrows(ConfigException.class, () -> parse(Map.of("costagent.store", "redis://c",
                    "costagent.budget.scope", scope), Map.of()), scope);
        }
        for (String t : new String[] {"2 s", "50ms", "2h", "fast"}) {
            assertThrows(ConfigException.class, () -> parse(Map.of("costagent.store", "redis://c",
                    "costagent.store.timeout", t), Map.of()), t);
        }
        assertThrows(ConfigException.class, () -> parse(Map.of("costagent.store", "redis://c",
                "costagent.store.required", "yes"), Map.of()));
    }

    @Test
    void maskPasswordHidesEveryPasswordShape() {
        assertEquals("redis://app:***@host:6379/0", Key.maskPassword("redis://app:s3cret@host:6379/0"));
        assertEquals("redis://***@host", Key.maskPassword("redis://s3cret@host"));
        assertEquals("redis://app:***@host", Key.maskPassword("redis://app:s3/c@ret@host"));
        assertEquals("redis://host:6379", Key.maskPassword("redis://host:6379"));
        assertEquals("no url", Key.maskPassword("no url"));
    }
}
