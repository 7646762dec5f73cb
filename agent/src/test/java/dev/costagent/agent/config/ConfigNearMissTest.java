package dev.costagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A misspelt setting is refused, never silently dropped; every key has an environment form; the kill switch. */
class ConfigNearMissTest {

    @TempDir
    Path dir;

    private ConfigException refusedProperty(String name) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(name, "0.01"), Map.of(), dir),
                name);
    }

    @Test
    void aPropertyOneSlipFromBudgetIsRefusedNamingTheRightKey() {
        for (String typo : new String[] {"budegt", "bugdet", "budgte", "budge", "budgets", "Budget", "BUDGET", "bdget"}) {
            ConfigException e = refusedProperty(typo);
            assertEquals("cost-agent: invalid configuration: system property -D" + typo + " looks like a misspelt "
                    + "budget: did you mean -Dbudget (or -Dcostagent.budget)?", e.getMessage());
        }
    }

    @Test
    void propertiesFurtherFromBudgetAreTheProgramsOwn() throws ConfigException {
        AgentConfig c = ConfigLoader.load(null, Map.of("bucket", "my-bucket", "budget.limit", "3", "budgeting", "x"),
                Map.of(), dir);
        assertNull(c.budgetUsd());
    }

    @Test
    void aPrefixOneSlipFromCostagentIsRefused() {
        ConfigException e = refusedProperty("costagnet.budget");
        assertTrue(e.getMessage().contains("did you mean -Dcostagent.budget?"), e.getMessage());
        ConfigException scope = refusedProperty("costgent.budget.scope");
        assertTrue(scope.getMessage().contains("did you mean -Dcostagent.budget.scope?"), scope.getMessage());
    }

    @Test
    void anUnknownOrMisspeltEnvironmentVariableIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("COSTAGENT_BUGDET", "0.01"), dir));
        assertTrue(e.getMessage().startsWith("cost-agent: invalid configuration: unknown environment variable "
                + "COSTAGENT_BUGDET (did you mean COSTAGENT_BUDGET?)"), e.getMessage());
        ConfigException prefix = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("COSTAGNET_BUDGET", "0.01"), dir));
        assertTrue(prefix.getMessage().contains("looks like a misspelt cost-agent setting (did you mean "
                + "COSTAGENT_BUDGET?)"), prefix.getMessage());
    }

    @Test
    void everyKeyHasAnEnvironmentForm() throws ConfigException {
        for (Key k : Key.values()) {
            assertEquals(k, Key.ofEnv(k.env()), k.name());
            assertTrue(k.env().startsWith("COSTAGENT_"), k.env());
        }
        AgentConfig c = ConfigLoader.load(null, Map.of(), Map.of("COSTAGENT_WARN_OPERATION", "2",
                "COSTAGENT_LOG_KEEP", "50", "COSTAGENT_SUMMARY", "false", "COSTAGENT_SDKS", "false"), dir);
        assertEquals(new BigDecimal("2"), c.warnOperationUsd());
        assertEquals(50, c.logKeep());
        assertFalse(c.summary());
        assertFalse(c.sdks());
    }

    @Test
    void theStorePasswordComesOnlyFromTheEnvironmentAndIsNeverShown() throws ConfigException {
        ConfigException arg = assertThrows(ConfigException.class,
                () -> ConfigLoader.load("store.password=s3cret", Map.of(), Map.of(), dir));
        assertFalse(arg.getMessage().contains("s3cret") && !arg.getMessage().contains("store.password=s3cret"));
        ConfigException property = refusedProperty("costagent.store.password");
        assertTrue(property.getMessage().contains("COSTAGENT_STORE_PASSWORD"), property.getMessage());
        assertFalse(property.getMessage().contains("0.01"), property.getMessage());
        Settings s = ConfigLoader.load(null, Map.of(), Map.of("COSTAGENT_STORE_PASSWORD", "s3cret"), dir).settings();
        assertEquals("s3cret", s.text(Key.STORE_PASSWORD));
        assertFalse(s.invalid(Key.STORE_PASSWORD, "x").getMessage().contains("s3cret"));
        assertEquals("redis://app:***@host:6379/0", Key.maskPassword("redis://app:s3cret@host:6379/0"));
        assertEquals("rediss://:***@host:6379", Key.maskPassword("rediss://:s3cret@host:6379"));
        assertEquals("redis://host:6379", Key.maskPassword("redis://host:6379"));
    }

    @Test
    void headersInAnAgentArgumentContinueOverTheirPairs() throws ConfigException {
        Settings s = ConfigLoader.load("otlp.headers=Authorization=Bearer x,X-Team=a,budget=5", Map.of(), Map.of(), dir)
                .settings();
        assertEquals("Authorization=Bearer x,X-Team=a", s.text(Key.OTLP_HEADERS));
        assertEquals("5", s.text(Key.BUDGET));
    }

    @Test
    void durationsTakeAUnit() throws ConfigException {
        Settings s = ConfigLoader.load(null, Map.of("costagent.store.timeout", "1500ms"), Map.of(), dir).settings();
        assertEquals(Duration.ofMillis(1500), s.duration(Key.STORE_TIMEOUT, Duration.ZERO, Duration.ofMinutes(1),
                Duration.ofSeconds(2)));
        Settings bad = ConfigLoader.load(null, Map.of("costagent.store.timeout", "2 s"), Map.of(), dir).settings();
        ConfigException e = assertThrows(ConfigException.class, () -> bad.duration(Key.STORE_TIMEOUT, Duration.ZERO,
                Duration.ofMinutes(1), Duration.ofSeconds(2)));
        assertEquals("cost-agent: invalid configuration: store.timeout='2 s' (from -Dcostagent.store.timeout): "
                + "expected a duration from 0ms to 1m such as 500ms, 2s or 1m", e.getMessage());
    }

    @Test
    void theKillSwitchIsReadBeforeAnythingElse() throws ConfigException {
        assertEquals("-Dcostagent.enabled", ConfigLoader.disabledBy(null,
                Map.of("costagent.enabled", "false", "budegt", "1"), Map.of()));
        assertEquals("environment variable COSTAGENT_ENABLED",
                ConfigLoader.disabledBy(null, Map.of(), Map.of("COSTAGENT_ENABLED", "FALSE")));
        assertEquals("agent argument enabled", ConfigLoader.disabledBy("budget=5,enabled=false", Map.of(), Map.of()));
        assertNull(ConfigLoader.disabledBy(null, Map.of("costagent.enabled", "true"), Map.of()));
        assertNull(ConfigLoader.disabledBy(null, Map.of(), Map.of()));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.disabledBy(null, Map.of("costagent.enabled", "no"), Map.of()));
        assertEquals("cost-agent: invalid configuration: enabled='no' (from -Dcostagent.enabled): expected true or "
                + "false", e.getMessage());
    }

    @Test
    void oneEditApartMeansOneSlip() {
        assertTrue(NearMiss.oneEditApart("budegt", "budget"));
        assertTrue(NearMiss.oneEditApart("budgt", "budget"));
        assertTrue(NearMiss.oneEditApart("buddget", "budget"));
        assertTrue(NearMiss.oneEditApart("budgex", "budget"));
        assertFalse(NearMiss.oneEditApart("budget", "budget"));
        assertFalse(NearMiss.oneEditApart("bucket", "budget"));
        assertFalse(NearMiss.oneEditApart("ubdegt", "budget"));
    }
}
