package dev.costagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private AgentConfig load(String args, Map<String, String> props, Map<String, String> env) throws ConfigException {
        return ConfigLoader.load(args, props, env, dir);
    }

    @Test
    void defaultsMatchTheSpec() throws ConfigException {
        AgentConfig c = load(null, Map.of(), Map.of());
        assertNull(c.budgetUsd());
        assertNull(c.catalogFile(), "no ./models_catalog.yaml: the bundled catalog");
        assertEquals(dir.resolve("data"), c.outDir());
        assertNull(c.workflow());
        assertEquals(new BigDecimal("1.00"), c.warnOperationUsd());
        assertEquals(new BigDecimal("10.00"), c.warnRunUsd());
        assertTrue(c.stages().isEmpty());
        assertTrue(c.sdks());
        assertEquals("info", c.logLevel());
    }

    @Test
    void agentArgumentsBeatSystemPropertiesWhichBeatTheEnvironment() throws ConfigException {
        assertEquals(new BigDecimal("1"), load("budget=1", Map.of("budget", "2"), Map.of("COSTAGENT_BUDGET", "3")).budgetUsd());
        assertEquals(new BigDecimal("2"), load(null, Map.of("costagent.budget", "2"), Map.of("COSTAGENT_BUDGET", "3")).budgetUsd());
        assertEquals(new BigDecimal("3"), load(null, Map.of(), Map.of("COSTAGENT_BUDGET", "3")).budgetUsd());
        assertEquals(dir.resolve("runs"), load("out=runs", Map.of("costagent.out", "x"), Map.of()).outDir());
        assertEquals("nightly", load(null, Map.of(), Map.of("COSTAGENT_WORKFLOW", "nightly")).workflow());
    }

    @Test
    void aCatalogInTheWorkingDirectoryIsPreferredToTheBundledOne() throws Exception {
        Files.writeString(dir.resolve("models_catalog.yaml"), "catalog: []");
        assertEquals(dir.resolve("models_catalog.yaml"), load(null, Map.of(), Map.of()).catalogFile());
    }

    @Test
    void listValuesMayContainCommasInAgentArguments() throws ConfigException {
        AgentConfig c = load("stages=com.acme.P#ideas,com.acme.P#rank*,budget=5,calls=com.acme.*Client#call",
                Map.of(), Map.of());
        assertEquals(2, c.stages().size());
        assertTrue(c.stages().get(1).matchesMethod("rankAll"));
        assertFalse(c.stages().get(1).matchesMethod("ideas"));
        assertEquals(new BigDecimal("5"), c.budgetUsd());
        assertTrue(c.calls().get(0).matchesClass("com.acme.OpenAiClient"));
        assertFalse(c.calls().get(0).matchesClass("com.acme.sub.Client2"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "budget|abc|budget='abc' (from -Dbudget): expected a non-negative number of US dollars, e.g. 5 or 0.50",
        "budget|-1|budget='-1' (from -Dbudget): expected a non-negative number of US dollars, e.g. 5 or 0.50",
        "budget|NaN|budget='NaN' (from -Dbudget): expected a non-negative number of US dollars, e.g. 5 or 0.50",
        "budget|''|budget='' (from -Dbudget): expected a non-negative number of US dollars, e.g. 5 or 0.50",
        "costagent.budget|Infinity|budget='Infinity' (from -Dcostagent.budget): expected a non-negative number of US dollars, e.g. 5 or 0.50",
        "costagent.catalog|missing.yaml|catalog='missing.yaml' (from -Dcostagent.catalog): expected an existing catalog file",
        "costagent.out|''|out='' (from -Dcostagent.out): expected a path",
        "costagent.workflow|'  '|workflow='  ' (from -Dcostagent.workflow): expected a non-empty workflow name",
        "costagent.warn.operation|x|warn.operation='x' (from -Dcostagent.warn.operation): expected a non-negative number",
        "costagent.warn.run|-5|warn.run='-5' (from -Dcostagent.warn.run): expected a non-negative number",
        "costagent.stages|com.acme.P|stages='com.acme.P' (from -Dcostagent.stages): expected comma-separated entries like com.acme.Pipeline#rank*; 'com.acme.P' is not of the form",
        "costagent.calls|#run|calls='#run' (from -Dcostagent.calls): expected comma-separated entries like com.acme.Pipeline#rank*; '#run' has no valid class name",
        "costagent.calls|a.B#r(x)|calls='a.B#r(x)' (from -Dcostagent.calls): expected comma-separated entries like com.acme.Pipeline#rank*; 'a.B#r(x)' has no valid method name",
        "costagent.sdks|yes|sdks='yes' (from -Dcostagent.sdks): expected true or false",
        "costagent.log|verbose|log='verbose' (from -Dcostagent.log): expected one of trace, debug, info, warn, error, off",
        "costagent.budgett|5|unknown system property -Dcostagent.budgett='5'",
    })
    void badValuesAreRefusedWithOneLineNamingKeyValueAndExpectation(String property, String value, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(null, Map.of(property, value), Map.of()));
        assertTrue(e.getMessage().startsWith("cost-agent: invalid configuration: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> e.getMessage() + "\n  should contain\n" + expected);
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void badAgentArgumentsAreRefused() {
        assertTrue(assertThrows(ConfigException.class, () -> load("budgte=5", Map.of(), Map.of()))
                .getMessage().contains("unknown key 'budgte'"));
        assertTrue(assertThrows(ConfigException.class, () -> load("5", Map.of(), Map.of()))
                .getMessage().contains("expected key=value pairs"));
        assertTrue(assertThrows(ConfigException.class, () -> load("budget=1,budget=2", Map.of(), Map.of()))
                .getMessage().contains("given twice"));
        assertTrue(assertThrows(ConfigException.class, () -> load(null, Map.of(), Map.of("COSTAGENT_BUDGET", "lots")))
                .getMessage().contains("(from environment variable COSTAGENT_BUDGET)"));
    }

    @Test
    void conflictingBudgetPropertiesAreRefused() {
        assertTrue(assertThrows(ConfigException.class,
                () -> load(null, Map.of("budget", "1", "costagent.budget", "2"), Map.of()))
                .getMessage().contains("disagree"));
    }
}
